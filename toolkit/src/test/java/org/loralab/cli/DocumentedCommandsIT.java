package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.checkpoint.SyntheticCheckpoints;
import org.loralab.format.DType;

/**
 * Every {@code ./loralab} line in the shell blocks of README.md and docs/*.md runs, as documented-commands.yaml says:
 * the line itself where it is quick, else the same command small or checked, each with the reason. A documented line
 * without an entry, or an entry for a line no longer documented, fails.
 */
class DocumentedCommandsIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The ./loralab lines of the shell blocks of a Markdown text: continuations joined, trailing comments dropped. */
    static List<String> commands(String markdown) {
        List<String> out = new ArrayList<>();
        boolean shell = false;
        String pending = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                String lang = line.substring(3).strip();
                shell = !shell && (lang.equals("bash") || lang.equals("sh") || lang.equals("shell"));
                pending = null;
                continue;
            }
            if (!shell) {
                continue;
            }
            String text = pending != null ? pending + " " + line.strip() : line.strip();
            if (pending == null && !text.startsWith("./loralab ")) {
                continue;
            }
            if (text.endsWith("\\")) {
                pending = text.substring(0, text.length() - 1).strip();
                continue;
            }
            pending = null;
            out.add(text.replaceFirst("\\s+#\\s.*$", "").replaceAll("\\s+", " ").strip());
        }
        return out;
    }

    @Test
    void theExtractionJoinsContinuationsAndDropsComments() {
        assertThat(commands("text\n```bash\n./loralab run a.yaml   # the job\n./loralab slurm submit x \\\n    --array 3\n"
                + "echo no\n```\n./loralab not in a block\n```yaml\n./loralab not shell\n```\n"))
                .containsExactly("./loralab run a.yaml", "./loralab slurm submit x --array 3");
    }

    @Test
    void everyDocumentedCommandRuns(@TempDir Path tmp) throws Exception {
        Set<String> documented = new LinkedHashSet<>();
        List<Path> pages = org.loralab.testing.DocPages.all(ROOT);
        for (Path page : pages) {
            documented.addAll(commands(Files.readString(page)));
        }
        JsonNode entries = new ObjectMapper(new YAMLFactory()).readTree(
                DocumentedCommandsIT.class.getResourceAsStream("/documented-commands.yaml"));
        Set<String> covered = new LinkedHashSet<>();
        entries.forEach(e -> covered.add(e.get("doc").asText()));
        assertThat(documented).as("documented commands without an entry in documented-commands.yaml")
                .isSubsetOf(covered);
        assertThat(covered).as("entries whose line the docs no longer have").isSubsetOf(documented);

        new SyntheticCheckpoints(2, 32, 48, 3, 0.05, DType.F32, 1, 11).write(tmp.resolve("pair"));
        Map<String, String> places = Map.of("{tmp}", tmp.toString(), "{base}", tmp.resolve("pair/base").toString(),
                "{tuned}", tmp.resolve("pair/tuned").toString(), "{adapter}", tmp.resolve("adapter").toString());
        CliRun kernel = Launcher.run("kernel", "install", "--prefix", tmp.resolve("prefix").toString());
        assertThat(kernel.status()).as(kernel.err()).isZero();
        for (JsonNode e : entries) {
            String command = e.get("run").asText();
            for (Map.Entry<String, String> p : places.entrySet()) {
                command = command.replace(p.getKey(), p.getValue());
            }
            Map<String, String> env = new HashMap<>(Map.of("JUPYTER_PATH", tmp.resolve("prefix/share/jupyter").toString(),
                    "LORALAB_CACHE", tmp.resolve("cache").toString()));
            e.path("env").fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
            CliRun run = Launcher.runIn(ROOT, env, command.split(" "));
            assertThat(run.status()).as(e.get("doc").asText() + " ran as: " + command + "\n" + run.err())
                    .isEqualTo(e.get("status").asInt());
            if (e.has("err")) {
                assertThat(run.err()).as(command).contains(e.get("err").asText()).doesNotContain("\tat ");
            }
            assertThat(e.get("why").asText()).as("every entry says why it runs what it runs").isNotBlank();
        }
    }
}
