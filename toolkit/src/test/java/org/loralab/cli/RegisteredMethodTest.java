package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.Method;
import org.loralab.nn.Model;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.TrainedModels;
import org.loralab.testing.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training method added with one class and one service line (the test-only {@code testing.PartialFineTuning}:
 * only the named modules train) runs through the spec, the runner, trials.csv, learning_rates.csv and the report with
 * no edit anywhere else.
 */
class RegisteredMethodTest {
    private static final String SPEC = Specs.VALID.replace("ranks: [4, 1, 2]", "ranks: [1]") + """
            partial:
              target_modules: [layers.1]
              learning_rate: [0.01, 0.003]
              epochs: 2
              batch_size: 16
            """;

    @Test
    void aRegisteredMethodTrainsOnlyWhatItSaysAndReachesEveryTableAndTheReport(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("partial.yaml"), SPEC);
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();

        List<String[]> rows = Files.readAllLines(dir.resolve("out/trials.csv")).stream().skip(1).map(l -> l.split(",", -1))
                .toList();
        List<String[]> partial = rows.stream().filter(r -> r[0].equals("partial")).toList();
        // layers.1 of the tiny model maps 6 -> 6: 36 weights and 6 biases, nothing else
        assertThat(partial).isNotEmpty().allSatisfy(r -> assertThat(r[8]).isEqualTo("42"));
        assertThat(partial.stream().filter(r -> r[19].equals("true")).map(r -> r[7])).containsExactly("1", "2");
        assertThat(partial.stream().map(r -> r[5]).distinct()).contains("0.01", "0.003");
        assertThat(Files.readString(dir.resolve("out/learning_rates.csv"))).contains("partial,,,0.01,2,false,",
                "partial,,,0.003,2,false,");

        // the verdict's share is the mean over seeds of (m - m_base) / (m_full - m_base), recomputed from trials.csv
        double mean = 0;
        for (String seed : List.of("1", "2")) {
            double base = metric(rows, "base", seed, false);
            double full = metric(rows, "full", seed, true);
            mean += (metric(rows, "partial", seed, true) - base) / (full - base) / 2;
        }
        String report = Files.readString(dir.resolve("out/report.md"));
        assertThat(report).contains("- Partial fine-tuning of layers.1 (`partial`), its learning rate chosen on validation "
                + "like every method's: recovers " + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * mean)
                + " of full fine-tuning's improvement on test", "with 42 trainable parameters");
        assertThat(report).contains("- Partial fine-tuning of layers.1 (`partial`): Adam, learning rate chosen from {0.01, "
                + "0.003}", "partial fine-tuning of layers.1: 2 searches",
                "- Partial fine-tuning of layers.1 searches its learning rate the same way (from {0.01, 0.003}, per seed, on "
                        + "the validation set), with at most 2 epochs.");
    }

    @Test
    void itsModelChangesTheNamedModuleAndLeavesTheOthersAsTheBaseHadThem() {
        ExperimentSpec spec = Specs.parse(SPEC);
        TrainedModels models = TrainedModels.of(spec);
        Map<String, INDArray> base = models.base().weights();
        Model trained = models.candidates(Job.of(Method.fromLabel("partial"), 0, 1)).get(0).model();
        Map<String, INDArray> after = trained.weights();
        assertThat(after.get("layers.0")).isNotNull().isEqualTo(base.get("layers.0"));
        assertThat(after.get("head")).isNotNull().isEqualTo(base.get("head"));
        assertThat(after.get("layers.1")).isNotEqualTo(base.get("layers.1"));
    }

    @Test
    void aSpecWithoutItsSectionHasNoSuchJobsAndKeepsItsFingerprint() {
        ExperimentSpec with = Specs.parse(SPEC);
        ExperimentSpec without = Specs.parse(Specs.VALID.replace("ranks: [4, 1, 2]", "ranks: [1]"));
        assertThat(ExperimentRunner.jobs(with)).hasSize(ExperimentRunner.jobs(without).size() + 2);
        assertThat(ExperimentRunner.jobs(without)).noneMatch(j -> j.method().label().equals("partial"));
        assertThat(without.canonicalText()).doesNotContain("partial");
        assertThat(ExperimentRunner.fingerprint(with)).isNotEqualTo(ExperimentRunner.fingerprint(without));
    }

    @Test
    void aBadSectionIsOneErrorNamingTheKey(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), SPEC.replace("target_modules: [layers.1]",
                "target_modules: [nope]"));
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("partial.target_modules").doesNotContain("\tat ");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private static double metric(List<String[]> rows, String method, String seed, boolean selectedOnly) {
        return rows.stream().filter(r -> r[0].equals(method) && r[7].equals(seed) && (!selectedOnly || r[19].equals("true")))
                .mapToDouble(r -> Double.parseDouble(r[14])).findFirst().orElseThrow();
    }
}
