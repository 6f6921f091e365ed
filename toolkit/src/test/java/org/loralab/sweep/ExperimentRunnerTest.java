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
     * a renamed field) would silently discard every stored sweep: the committed specs keep theirs. They changed once on
     * purpose, when searches began to extend past their lists ({@code search=} in the canonical text): jobs stored
     * before trained fewer learning rates.
     */
    @Test
    void theCommittedSpecsKeepTheirFingerprints() {
        java.util.Map<String, String> expected = java.util.Map.ofEntries(
                java.util.Map.entry("charlm-alpha-rules", "b0397cc7a661521795b70e1a942560ea45629ca629cd6cb8eaf4bd8f85747bd5"),
                java.util.Map.entry("fashion-mnist-intrinsic",
                        "a75765129da33a72304a728cea41fa9490d9d6766101facc56781840297e721f"),
                java.util.Map.entry("planted-rank-intrinsic", "56910593428f64c4e0f179b940d0d2f45fa010f4c66e9cc2b009d4c505a20229"),
                java.util.Map.entry("charlm-protocol-check", "b6c42b09205535c91c36f48c8198ccd27d3d1a548254e542a66bd9e9baa0ca35"),
                java.util.Map.entry("charlm-transfer-ci", "1aa76adb5e87a4d7bc814c8b264106e87b60194509e728268f1bc5a6373720c3"),
                java.util.Map.entry("charlm-transfer", "785d7a303f679abf9aece5a031c81213a86aaac9a90b91a2144bb22df3e92cfc"),
                java.util.Map.entry("fashion-mnist-ci", "5368a3c83646eabf08915814aa5d72a2e4bae6eabaabf4a887c8fc0fc13dfac8"),
                java.util.Map.entry("fashion-mnist", "0772bfd84df9a4057c81406a38385570fff180247d31187492faf7df5e632e54"),
                java.util.Map.entry("planted-rank-ci", "8651169a5f9703a077462a0a1bba73aca0043200af6c4fab0106cea115d168c8"),
                java.util.Map.entry("planted-rank", "4ab900bf4cbb7c67d8aef50b9305b83441db4fb8e8c47ce9d277d2483b6393b2"));
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
        // each search trains its 2 rates, and up to 2 more past the list where validation chose an end
        assertThat(all).hasSizeBetween(3 * 2 * 2, 3 * 2 * 4);
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

    /**
     * The tiny planted task's best LoRA rate lies far above the list {0.00001, 0.00003}: validation chooses its largest
     * rate, so each search trains 0.00009 and then 0.0003 (the list's factor 3 on, rounded to one digit), two extensions
     * at most, and the report and learning_rates.csv say so.
     */
    @Test
    void aSearchWhoseBestRateLiesBeyondItsListExtendsIt(@TempDir Path dir) throws IOException {
        org.loralab.experiment.ExperimentSpec spec = org.loralab.testing.Specs.parse(org.loralab.testing.Specs.VALID
                .replace("  learning_rate: 0.01\nseeds", "  learning_rate: [0.00001, 0.00003]\nseeds")
                .replace("seeds: [1, 2]", "seeds: [1]"));
        assertThat(spec.lora().learningRates()).containsExactly(0.00001, 0.00003);
        ExperimentResults results = ExperimentRunner.run(spec, dir, ExperimentRunner.Options.defaults()).orElseThrow();
        java.util.List<TrialResult> lora = results.allTrials().stream().filter(t -> t.method() == Method.LORA).toList();
        assertThat(lora).hasSize(3 * 4);
        assertThat(lora.stream().filter(t -> t.rank() == 4).map(TrialResult::learningRate))
                .containsExactly(0.00001, 0.00003, 0.00009, 0.0003);
        assertThat(results.trials().stream().filter(t -> t.method() == Method.LORA).map(TrialResult::learningRate))
                .containsOnly(0.0003);
        // every selected trial carries its per-example test metrics, whose mean is its test metric (float32 scores)
        assertThat(results.trials()).allSatisfy(t -> assertThat(java.util.stream.IntStream.range(0, t.testExamples().size())
                .mapToDouble(i -> t.testExamples().values()[i]).average().orElseThrow())
                .isCloseTo(t.metric(), org.assertj.core.data.Offset.offset(1e-6 * Math.abs(t.metric()) + 1e-12)));
        org.loralab.report.ReportWriter.write(results, dir, java.util.Map.of());
        assertThat(Files.readString(dir.resolve("report.md"))).contains("LoRA: 3 searches, 3 went past its list (0.00009 "
                + "tried 3 times, chosen 0; 0.0003 tried 3 times, chosen 3); 3 still chose the smallest or largest rate tried");
        assertThat(Files.readAllLines(dir.resolve("learning_rates.csv"))).contains("lora,default,4,3.0E-4,true,1,0,"
                + results.trials().stream().filter(t -> t.method() == Method.LORA && t.rank() == 4).findFirst().orElseThrow()
                .validationMetric() + "," + results.trials().stream().filter(t -> t.method() == Method.LORA && t.rank() == 4)
                .findFirst().orElseThrow().metric());
    }

    /**
     * seed_scope: all draws a task per seed (task seed + 1,000,000 x seed): the base models differ between seeds (their
     * test metrics differ), each seed's planted update is analysed under its own name, and the report says what the
     * seeds varied. Under the default scope both seeds share one base model.
     */
    @Test
    void seedsThatVaryTheTaskTrainOnTheirOwnDataAndBaseModel(@TempDir Path dir) throws IOException {
        String tiny = org.loralab.testing.Specs.VALID.replace("ranks: [4, 1, 2]", "ranks: [1, 2]");
        org.loralab.experiment.ExperimentSpec all = org.loralab.testing.Specs.parse(tiny + "seed_scope: all\n");
        assertThat(all.taskFor(2).seed()).isEqualTo(1 + 2_000_000L);
        ExperimentResults results = ExperimentRunner.run(all, dir.resolve("all"), ExperimentRunner.Options.defaults())
                .orElseThrow();
        double base1 = results.trial(Method.BASE, 0, 1).orElseThrow().metric();
        double base2 = results.trial(Method.BASE, 0, 2).orElseThrow().metric();
        assertThat(base1).isNotEqualTo(base2);
        assertThat(results.spectra()).extracting(org.loralab.spectrum.UpdateSpectrum::tensor)
                .contains("planted/seed=1/layers.0", "planted/seed=2/layers.0");
        org.loralab.report.ReportWriter.write(results, dir.resolve("all"), java.util.Map.of());
        assertThat(Files.readString(dir.resolve("all/report.md"))).contains("each drawing its own data split and base model "
                + "(task seed + 1,000,000 x seed) besides initialisation and minibatch order (seed_scope: all)");

        ExperimentResults training = ExperimentRunner.run(org.loralab.testing.Specs.parse(tiny), dir.resolve("training"),
                ExperimentRunner.Options.defaults()).orElseThrow();
        assertThat(training.trial(Method.BASE, 0, 1).orElseThrow().metric())
                .isEqualTo(training.trial(Method.BASE, 0, 2).orElseThrow().metric());
        assertThat(training.spectra()).extracting(org.loralab.spectrum.UpdateSpectrum::tensor).contains("planted/layers.0");
    }
}
