package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same spec gives the same bytes on 1, 2 and 4 threads: OpenMP's, OpenBLAS's and the JVM's processor count set
 * together, as a Slurm task with --cpus-per-task does. Without it a laptop run and a cluster run could not be compared
 * (ND4J's reductions and OpenBLAS's threaded products split their sums by thread count).
 */
class ThreadCountIT {

    @ParameterizedTest
    @ValueSource(strings = {"planted-rank-ci", "fashion-mnist-ci", "charlm-transfer-ci"})
    void resultsDoNotDependOnTheThreadCount(String spec, @TempDir Path dir) throws Exception {
        // the three runs at once: results must not depend on timing either, and the suite waits for one run, not three
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<CliRun>> runs = new java.util.ArrayList<>();
            for (int threads : new int[] {1, 2, 4}) {
                runs.add(pool.submit(() -> Launcher.run(Map.of("OMP_NUM_THREADS", String.valueOf(threads),
                                "OPENBLAS_NUM_THREADS", String.valueOf(threads),
                                "LORALAB_JAVA_OPTS", "-Xmx2g -XX:ActiveProcessorCount=" + threads),
                        "run", Path.of("..", "experiments", spec + ".yaml").toString(), "--out",
                        dir.resolve("t" + threads).toString())));
            }
            for (java.util.concurrent.Future<CliRun> f : runs) {
                CliRun run = f.get();
                assertThat(run.status()).as(run.err()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        for (String table : new String[] {"trials.csv", "layers.csv", "spectrum.csv"}) {
            String one = Files.readString(dir.resolve("t1").resolve(table));
            assertThat(one.lines().count()).as(table).isGreaterThan(2);
            assertThat(Files.readString(dir.resolve("t2").resolve(table))).as(table + ", 2 threads").isEqualTo(one);
            assertThat(Files.readString(dir.resolve("t4").resolve(table))).as(table + ", 4 threads").isEqualTo(one);
        }
    }
}
