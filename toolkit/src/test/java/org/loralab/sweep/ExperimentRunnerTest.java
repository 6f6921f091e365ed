package org.loralab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.results.ExperimentResults;
import org.loralab.results.TrialResult;

class ExperimentRunnerTest {

    /**
     * LoRA on the linear head with a learning rate of 1e30 makes the outputs, and the float32 loss, overflow: the
     * trial is recorded as diverged and the sweep goes on. (On the tanh layers alone it would not: they saturate.)
     */
    @Test
    void aDivergedTrialIsRecordedAndTheSweepGoesOn(@TempDir Path dir) throws IOException {
        String text = Files.readString(Path.of("..", "experiments", "planted-rank-ci.yaml"))
                .replace("ranks: [1, 4, 8]", "ranks: [1, 4]")
                .replace("seeds: [1, 2]", "seeds: [1]")
                .replace("  target_modules: [layers.0, layers.1]", "  target_modules: [head]")
                .replace("  learning_rate: 0.005", "  learning_rate: 1.0e30");
        assertThat(text).contains("1.0e30", "target_modules: [head]");
        Path specFile = Files.writeString(dir.resolve("diverging.yaml"), text);
        ExperimentResults results = ExperimentRunner.run(SpecReader.read(specFile), dir.resolve("out"),
                ExperimentRunner.Options.defaults()).orElseThrow();
        assertThat(results.trials()).hasSize(6); // base, full, 2 LoRA, 2 truncated
        for (TrialResult t : results.trials()) {
            if (t.method() == Method.LORA) {
                assertThat(t.status()).isEqualTo(TrialResult.DIVERGED);
                assertThat(t.metric()).isNaN();
            } else {
                assertThat(t.status()).as(t.toString()).isEqualTo(TrialResult.OK);
                assertThat(t.metric()).isFinite();
            }
        }
        assertThat(results.taskRank(Method.LORA, 0.9, 1)).isEmpty();
        assertThat(results.taskRank(Method.TRUNCATED, 0.9, 1)).isPresent();
        // and the report is still written, stating the divergence, over an earlier report's files
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("figures"));
        for (String stale : new String[] {"equal_budget.csv", "intrinsic_dimension.csv", "figures/phi-right-gone.png",
                "figures/phi-right-gone.svg"}) {
            Files.writeString(out.resolve(stale), "from an earlier report");
        }
        Files.writeString(out.resolve("figures/notes.txt"), "the user's own");
        org.loralab.report.ReportWriter.write(results, out, java.util.Map.of());
        assertThat(out.resolve("equal_budget.csv")).doesNotExist();
        assertThat(out.resolve("intrinsic_dimension.csv")).doesNotExist();
        assertThat(out.resolve("figures/phi-right-gone.png")).doesNotExist();
        assertThat(out.resolve("figures/phi-right-gone.svg")).doesNotExist();
        assertThat(out.resolve("figures/notes.txt")).exists();
        assertThat(out.resolve("figures/fraction-vs-rank.png")).exists();
        assertThat(Files.readString(dir.resolve("out/trials.csv"))).contains(",diverged");
        assertThat(Files.readString(dir.resolve("out/report.md"))).contains("r90 = not reached");
    }

    /**
     * Stored jobs count only under their spec's fingerprint, so a change of the canonical text (a new spec section,
     * a renamed field) would silently discard every stored sweep: the committed specs keep theirs.
     */
    @Test
    void theCommittedSpecsKeepTheirFingerprints() {
        java.util.Map<String, String> expected = java.util.Map.ofEntries(
                java.util.Map.entry("charlm-alpha-rules", "bb28033b3a83b87fd28a9950a5ef3e37f2a358714ae83c493a5f3ee01717c96c"),
                java.util.Map.entry("fashion-mnist-intrinsic",
                        "42f84ce0961fe970a2c2819cf8a414f28a4a55c39dd5c37fca76199cfdf39ed9"),
                java.util.Map.entry("planted-rank-intrinsic", "fed30d941044256f0f850cf7a24dfae2e3670c8c0a4f0a02e75db03eda167b05"),
                java.util.Map.entry("charlm-protocol-check", "f3b31db553d147b7cea23afe08f93e26fa178ae5c61e47938d6d46b46aef14e7"),
                java.util.Map.entry("charlm-transfer-ci", "53ccc8aed2708416ad02fa08b101bfbb68be4fcaf041b6041653f4565a9cc549"),
                java.util.Map.entry("charlm-transfer", "005a25ad7d6b446ef8db9cedaedf65c908dd8b4e2a8a050b02411de16cba2a62"),
                java.util.Map.entry("fashion-mnist-ci", "b91600ecddd01d2117b8569b9881ac0bf7417ef9d5b74bd20e4ef98121eecfcd"),
                java.util.Map.entry("fashion-mnist", "b4dd55fab1ef7a669dc5b24a4d625b45d912b24a07e3ffdb4f3bcfa4bfbaf209"),
                java.util.Map.entry("planted-rank-ci", "c790727d0fccb82e152ba1bf25530c73e20fe82cd9e9c6b12416e6a4b2bcfeee"),
                java.util.Map.entry("planted-rank", "d40b9a5ae1f3eef3f617a07c7b3270219df4e65cbfd63fa27be3df70138d4318"));
        expected.forEach((name, fingerprint) -> assertThat(ExperimentRunner.fingerprint(
                SpecReader.read(Path.of("..", "experiments", name + ".yaml")))).as(name).isEqualTo(fingerprint));
    }

    /** Subspace jobs come after each seed's LoRA jobs; each dimension and seed selects one learning rate on validation. */
    @Test
    void aSubspaceSweepRunsBesideLoraAndReportsD90(@TempDir Path dir) throws IOException {
        org.loralab.experiment.ExperimentSpec spec = org.loralab.testing.Specs.parse(
                org.loralab.testing.Specs.SUBSPACE);
        assertThat(ExperimentRunner.jobs(spec)).extracting(org.loralab.experiment.Job::id).containsExactly(
                "full-seed1", "lora-r1-seed1", "lora-r2-seed1", "lora-r4-seed1", "subspace-d4-seed1", "subspace-d40-seed1",
                "subspace-d160-seed1", "full-seed2", "lora-r1-seed2", "lora-r2-seed2", "lora-r4-seed2", "subspace-d4-seed2",
                "subspace-d40-seed2", "subspace-d160-seed2");
        ExperimentResults results = ExperimentRunner.run(spec, dir, ExperimentRunner.Options.defaults()).orElseThrow();
        java.util.List<TrialResult> all = results.allTrials().stream().filter(t -> t.method() == Method.SUBSPACE).toList();
        assertThat(all).hasSize(3 * 2 * 2);
        assertThat(all).allSatisfy(t -> {
            assertThat(t.trainableParams()).isEqualTo(t.rank());
            assertThat(t.metric()).isFinite();
        });
        assertThat(results.trials().stream().filter(t -> t.method() == Method.SUBSPACE)).hasSize(6)
                .allMatch(TrialResult::selected);
        org.loralab.report.ReportWriter.write(results, dir, java.util.Map.of());
        assertThat(Files.readAllLines(dir.resolve("intrinsic_dimension.csv"))).hasSize(7)
                .first().isEqualTo("dimension,seed,learning_rate,validation_metric,test_metric,fraction_of_full");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("Random-subspace training (intrinsic dimension): d90 = ",
                "## Intrinsic dimension", "figures/fraction-vs-parameters.png",
                "projection (auto: dense Gaussian for small d x D, Fastfood beyond) onto the D = ",
                " weights and biases of every linear module");
        assertThat(Files.readString(dir.resolve("learning_rates.csv"))).contains("subspace,,160,0.1,");
        // resumed from the store: the same numbers
        ExperimentResults again = ExperimentRunner.run(spec, dir, ExperimentRunner.Options.defaults()).orElseThrow();
        assertThat(again.allTrials()).isEqualTo(results.allTrials());
    }
}
