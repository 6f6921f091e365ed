package org.loralab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes Indexed Job in docs/cluster.md runs its pods as loralab slurm submit runs a task with the same CPUs and
 * memory: the same environment lines and the same JVM options, so the AVX-512 guard and the memory bounds cannot drift.
 */
class KubernetesManifestTest {
    @Test
    void thePodScriptIsTheSlurmTasksForItsResources() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "cluster.md"));
        int start = doc.indexOf("```yaml\napiVersion: batch/v1");
        assertThat(start).as("the manifest's block").isNotNegative();
        String yaml = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 7));
        JsonNode container = new ObjectMapper(new YAMLFactory()).readTree(yaml).at("/spec/template/spec/containers/0");
        int cpus = container.at("/resources/requests/cpu").asInt();
        String memory = container.at("/resources/limits/memory").asText();
        assertThat(memory).endsWith("Gi");
        SlurmResources resources = new SlurmResources(Optional.empty(), Optional.empty(), Optional.of(cpus),
                Optional.of(memory.replace("Gi", "G")), List.of());

        String script = container.at("/command/2").asText();
        List<String> lines = Arrays.stream(script.split("\n")).map(String::strip).toList();
        for (String line : BatchScripts.environment(resources).split("\n")) {
            String code = line.replaceFirst("\\s+#.*$", "").strip(); // the Slurm script's comments are its own
            assertThat(lines).as("the pod sets what a Slurm task sets").contains(code);
        }
        String exec = lines.stream().filter(l -> l.startsWith("exec java ")).findFirst().orElseThrow();
        TaskJvm jvm = TaskJvm.of(Path.of("/opt/loralab/loralab.jar"), resources);
        assertThat(exec).startsWith("exec java " + String.join(" ", jvm.options()) + " -jar /opt/loralab/loralab.jar run ");
        assertThat(exec).contains("--shard auto/10"); // completions below
        assertThat(new ObjectMapper(new YAMLFactory()).readTree(yaml).at("/spec/completions").asInt()).isEqualTo(10);
    }
}
