package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    private static final Path CI_SPEC = Path.of("..", "experiments", "planted-rank-ci.yaml");

    /** An empty path would be the working folder: a usage error, and nothing is written where the user stands. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"kernel install --prefix | share", "spectrum --delta x.safetensors --out | report.md"})
    void anEmptyPathIsAnErrorNotTheWorkingFolder(String command, String wouldBeWritten) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("");
        boolean existedBefore = Files.exists(Path.of(wouldBeWritten));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().startsWith("error: ").contains("a path may not be empty");
        assertThat(Files.exists(Path.of(wouldBeWritten))).isEqualTo(existedBefore);
    }

    @Test
    void paramsPrintsTheLoraAndFullCounts() {
        CliRun run = CliRun.of("params", "--out-features", "4096", "--in-features", "4096", "--rank", "8");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("16,777,216", "65,536", "99.61% fewer");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key   | 'seeds: [1, 2]'     | 'seeds: [1, 2]\nwarmup: 3'   | 'unknown key ''warmup'''",
        "rank zero     | 'ranks: [1, 4, 8]'  | 'ranks: [0, 4]'              | 'lora: ranks must all be >= 1, got 0'",
        "rank too big  | 'ranks: [1, 4, 8]'  | 'ranks: [1, 33]'             | 'rank 33 exceeds min(out, in) = 32 of target module ''layers.0'''",
        "non-numeric   | 'train_size: 2048'  | 'train_size: lots'           | 'key ''task.train_size'' must be an integer, got ''lots'''",
    })
    void badSpecExitsTwoWithOneErrorLineAndWritesNothing(String label, String from, String to, String message,
                                                        @TempDir Path dir) throws IOException {
        Path spec = dir.resolve("bad.yaml");
        String text = Files.readString(CI_SPEC);
        Files.writeString(spec, text.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n")));
        assertThat(Files.readString(spec)).as("the test edits the spec").isNotEqualTo(text);
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("error: " + spec + ": ").contains(message);
        assertThat(out).doesNotExist();
    }

    @Test
    void missingSpecAndBadOptionsAreUsageErrors(@TempDir Path dir) {
        CliRun missing = CliRun.of("run", dir.resolve("nope.yaml").toString(), "--out", dir.resolve("o").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: " + dir.resolve("nope.yaml") + ": no such file\n");
        assertThat(dir.resolve("o")).doesNotExist();
        CliRun unknown = CliRun.of("run", "x.yaml", "--frobnicate");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).hasSize(1);
        assertThat(unknown.err()).startsWith("error: Unknown option: '--frobnicate'");
        CliRun workers = CliRun.of("run", CI_SPEC.toString(), "--workers", "0", "--out", dir.resolve("w").toString());
        assertThat(workers.status()).isEqualTo(2);
        assertThat(workers.err()).startsWith("error: --workers must be >= 1, got 0");
        assertThat(dir.resolve("w")).doesNotExist();
        CliRun notAFolder = CliRun.of("run", CI_SPEC.toString(), "--out", CI_SPEC.resolve("sub").toString());
        assertThat(notAFolder.status()).isEqualTo(2);
        assertThat(notAFolder.err()).startsWith("error: ").contains("planted-rank-ci.yaml/sub: Not a directory");
        CliRun rank = CliRun.of("params", "--rank", "5000");
        assertThat(rank.status()).isEqualTo(2);
        assertThat(rank.err()).startsWith("error: --rank must be in [1, min(d, k)] = [1, 4096], got 5000");
    }

    @Test
    void missingOrCorruptFashionMnistDataIsExitTwo(@TempDir Path dir) throws IOException {
        String spec = Files.readString(Path.of("..", "experiments", "fashion-mnist-ci.yaml"));
        Path missing = dir.resolve("missing.yaml");
        Files.writeString(missing, spec.replace("/usr/share/datasets/fashion-mnist", dir.resolve("nowhere").toString()));
        CliRun run = CliRun.of("run", missing.toString(), "--out", dir.resolve("o1").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + missing).contains("task.data_dir").contains("does not exist");
        Path data = Files.createDirectories(dir.resolve("corrupt"));
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.write(data.resolve(f), new byte[] {0, 0, 8, 3, 0, 0});
        }
        Path corrupt = dir.resolve("corrupt.yaml");
        Files.writeString(corrupt, spec.replace("/usr/share/datasets/fashion-mnist", data.toString()));
        run = CliRun.of("run", corrupt.toString(), "--out", dir.resolve("o2").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("error: " + data.resolve("train-images-idx3-ubyte")).contains("truncated");
    }
}
