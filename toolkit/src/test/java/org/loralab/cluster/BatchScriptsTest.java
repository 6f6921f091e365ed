package org.loralab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;

class BatchScriptsTest {
    private static final SlurmResources RESOURCES = new SlurmResources(Optional.of("gpu"), Optional.of("2:00:00"),
            Optional.of(4), Optional.of("8G"), List.of("--account=lab"));

    @Test
    void theArrayScriptRunsShardIOfNAndTheMergeScriptMergesAllShards() {
        SlurmLayout layout = new SlurmLayout(Path.of("/data/sweep"));
        BatchScripts scripts = BatchScripts.of("demo", layout, Path.of("/home/me"), 3, RESOURCES,
                TaskJvm.of(layout.jar(), RESOURCES));
        assertThat(scripts.shards()).startsWith("#!/bin/bash\n").contains(
                "#SBATCH --job-name=loralab-demo\n", "#SBATCH --array=0-2\n", "#SBATCH --open-mode=append\n",
                "#SBATCH --output=/data/sweep/.slurm/logs/shard-%a.out\n", "#SBATCH --chdir=/home/me\n",
                "#SBATCH --partition=gpu\n", "#SBATCH --time=2:00:00\n", "#SBATCH --cpus-per-task=4\n",
                "#SBATCH --mem=8G\n", "#SBATCH --account=lab\n", "export OMP_NUM_THREADS=4 OPENBLAS_NUM_THREADS=4",
                "'-Xmx3072m' '-Dorg.bytedeco.javacpp.maxbytes=3072m' '-Dorg.bytedeco.javacpp.maxphysicalbytes=7168m' "
                        + "'-XX:ActiveProcessorCount=4'",
                "'-jar' '/data/sweep/.slurm/loralab.jar' run '/data/sweep/.slurm/spec.yaml' "
                        + "--out \"$shards/shard-$SLURM_ARRAY_TASK_ID\" --shard \"$SLURM_ARRAY_TASK_ID/3\"\n");
        assertThat(scripts.merge()).contains("#SBATCH --job-name=loralab-demo-merge\n",
                "#SBATCH --output=/data/sweep/.slurm/logs/merge-%j.out\n",
                " merge \"$shards/shard-0\" \"$shards/shard-1\" \"$shards/shard-2\" --out '/data/sweep'\n")
                .doesNotContain("--array");
    }

    /** The script, run by bash with a stand-in for java, passes each word through intact (spaces, quotes, $). */
    @Test
    void bashPassesOddPathsAsOneWordEach(@TempDir Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("it's a $weep");
        SlurmLayout layout = new SlurmLayout(out);
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/bash\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        fakeJava.toFile().setExecutable(true);
        TaskJvm jvm = new TaskJvm(fakeJava, layout.jar(), List.of("-Xmx1g"));
        BatchScripts scripts = BatchScripts.of("demo", layout, dir, 2, SlurmResources.defaults(), jvm);
        Path script = dir.resolve("shards.sbatch");
        Files.writeString(script, scripts.shards());
        org.loralab.io.Processes.Result r = org.loralab.io.Processes.run(List.of("bash", script.toString()),
                java.util.Map.of("SLURM_ARRAY_TASK_ID", "1"), java.time.Duration.ofSeconds(30));
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).containsExactly("[-Xmx1g]", "[-jar]", "[" + layout.jar() + "]", "[run]",
                "[" + layout.spec() + "]", "[--out]", "[" + layout.shard(1) + "]", "[--shard]", "[1/2]");
    }

    @Test
    void memoryBoundsFollowTheRequest() {
        assertThat(jvmOptions("4096")).containsSequence("-Xmx1536m", "-Dorg.bytedeco.javacpp.maxbytes=1536m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=3584m");
        assertThat(jvmOptions("2G")).contains("-Xmx768m");
        assertThat(jvmOptions("1T")).contains("-Xmx393216m");
        assertThat(TaskJvm.of(Path.of("x.jar"), SlurmResources.defaults()).options())
                .containsSequence("-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=8g")
                .noneMatch(o -> o.startsWith("-XX:ActiveProcessorCount"));
        assertThatThrownBy(() -> jvmOptions("512M")).isInstanceOf(BadInputException.class).hasMessageContaining("at least 1G");
        assertThatThrownBy(() -> jvmOptions("8 GB")).isInstanceOf(BadInputException.class)
                .hasMessage("--mem: '8 GB' is not a Slurm memory size (e.g. 8G, 8192, 8192M)");
        assertThatThrownBy(() -> new SlurmResources(Optional.empty(), Optional.empty(), Optional.of(0), Optional.empty(),
                List.of())).isInstanceOf(BadInputException.class).hasMessageContaining("--cpus-per-task");
    }

    private static List<String> jvmOptions(String mem) {
        return TaskJvm.of(Path.of("x.jar"), new SlurmResources(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(mem), List.of())).options();
    }
}
