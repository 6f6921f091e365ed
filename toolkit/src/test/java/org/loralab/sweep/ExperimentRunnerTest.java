package org.loralab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.results.ExperimentResults;
import org.loralab.results.TrialResult;
import org.loralab.results.TrialStatus;

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
                assertThat(t.status()).isEqualTo(TrialStatus.DIVERGED);
                assertThat(t.metric()).isNaN();
            } else {
                assertThat(t.status()).as(t.toString()).isEqualTo(TrialStatus.OK);
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
        org.loralab.report.ReportWriter.write(results, out, org.loralab.report.Provenance.NONE);
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
     * a renamed field) would silently discard every stored sweep: the committed specs keep theirs. Jobs stored by
     * toolkits before the canonical text left out the name and description carry the former fingerprint, which the
     * store still reads; those changed once on purpose, when searches began to extend past their lists and double
     * their epochs, and fashion-mnist-intrinsic when its LoRA rule became alpha = r (a change of the experiment).
     */
    @Test
    void theCommittedSpecsKeepTheirFingerprints() {
        java.util.Map<String, String[]> expected = java.util.Map.ofEntries(
                java.util.Map.entry("charlm-alpha-rules", new String[] {
                        "92eb94b6459d57fc95781df0586ff7b0564ad2b0daac49016878c4c749f07323",
                        "555ede5043d7845fe7487d68539c1da115759b7054e0c3b0b8bfc402cfc8aa51"}),
                java.util.Map.entry("fashion-mnist-intrinsic", new String[] {
                        "4677427720a2f4471f8fa07623588b4144bf19207a7d474a29259a26fbe85836",
                        "3390996a5aa347fdd6e533bcfdcb8c2faf9473121d96349a1cae35b652322c93"}),
                java.util.Map.entry("planted-rank-intrinsic", new String[] {
                        "1b6b65b2d14b69244794850efd5e8253e927ede52d2882a1ddf0e7665d83c148",
                        "247864b7268d87779998f4a0dc586717363e3253d386bda4ae40fb370d69495f"}),
                java.util.Map.entry("charlm-protocol-check", new String[] {
                        "4dd207b269b813c62eba27b2c493a49a0da9acf1f863a1eb1342059d3d75c3c4",
                        "5c537fbdd38e06f5743a8ebc0904b8abaa19f7de98220275fff3c9efcc30a88e"}),
                java.util.Map.entry("charlm-transfer-ci", new String[] {
                        "bb1fe07b7c96c1f8902d56ed319f77ad2a6c8634b66cc6c574015475a8513588",
                        "92b98aee8b617c3a108e8f5b0ee89cd6ab307d91f00b9afdd039e96c1e593acd"}),
                java.util.Map.entry("charlm-transfer", new String[] {
                        "be2c14995dfeb8480112a114f289e91e9059cfd7fde31409add0d271a0e65015",
                        "ef1fb9548ab77265ed67dd66096c684b2615254a154cff45b0252f3fa25cdf1a"}),
                java.util.Map.entry("fashion-mnist-ci", new String[] {
                        "effa2280fbb5480ceafcb594056dd08be26189804571ef49f5cb3750f96ac38a",
                        "67d9edfde0ef6e5d3e043b1f780e66c4b1eac7fc2d878c9689132abc05b97b3f"}),
                java.util.Map.entry("fashion-mnist", new String[] {
                        "8cf16acd766e1c6b62e11cf5781e014a4c2e87c6a402288d8c41c657fef00f1d",
                        "665f40a79d8b39d473a7f72d4e1aa72e5674d1dbae1541c31bfcd694480a18d0"}),
                java.util.Map.entry("planted-rank-ci", new String[] {
                        "1fceb1eec6cb128ebf7a3a7d017734790e1ad944debdb50afebf5c69dd0f85cd",
                        "36af24d17fc6aa80708f0a83a623502000b9e35210c84f31b5dc630289f740c6"}),
                java.util.Map.entry("planted-rank", new String[] {
                        "333d4720e8320f8860d6eab30835fff43e6e23f5f8f15d7dedf19fd4e6788440",
                        "280aafc398e4b9f7f9a0161e48d5bd8d0feefdd6f1ea740106a3c80c56b5ba1c"}));
        expected.forEach((name, fingerprints) -> {
            org.loralab.experiment.ExperimentSpec spec = SpecReader.read(Path.of("..", "experiments", name + ".yaml"));
            assertThat(ExperimentRunner.fingerprint(spec)).as(name).isEqualTo(fingerprints[0]);
            assertThat(ExperimentRunner.formerFingerprint(spec)).as(name + ", former").isEqualTo(fingerprints[1]);
        });
    }

    /**
     * Editing what only describes an experiment (name, description) keeps its fingerprint, and so its stored jobs;
     * a setting that changes what trains (one seed more) does not; jobs stored under the former fingerprint still count.
     */
    @Test
    void theFingerprintIgnoresDescriptionsAndOldStoresStillResume(@TempDir Path dir) {
        org.loralab.experiment.ExperimentSpec spec = SpecReader.read(Path.of("..", "experiments", "planted-rank-ci.yaml"));
        org.loralab.experiment.ExperimentSpec renamed = new org.loralab.experiment.ExperimentSpec("another-name",
                "another description", spec.precision(), spec.task(), spec.full(), spec.fullLearningRates(), spec.lora(),
                spec.seeds(), spec.subspace(), spec.protocol());
        java.util.List<Long> moreSeeds = new java.util.ArrayList<>(spec.seeds());
        moreSeeds.add(99L);
        org.loralab.experiment.ExperimentSpec reseeded = new org.loralab.experiment.ExperimentSpec(spec.name(),
                spec.description(), spec.precision(), spec.task(), spec.full(), spec.fullLearningRates(), spec.lora(),
                moreSeeds, spec.subspace(), spec.protocol());
        assertThat(ExperimentRunner.fingerprint(renamed)).isEqualTo(ExperimentRunner.fingerprint(spec));
        assertThat(ExperimentRunner.formerFingerprint(renamed)).isNotEqualTo(ExperimentRunner.formerFingerprint(spec));
        assertThat(ExperimentRunner.fingerprint(reseeded)).isNotEqualTo(ExperimentRunner.fingerprint(spec));

        org.loralab.experiment.Job job = ExperimentRunner.jobs(spec).get(0);
        new JobStore(dir, ExperimentRunner.formerFingerprint(spec), spec.precision().epsilon())
                .save(new org.loralab.results.JobResult(job, java.util.List.of(), java.util.List.of(), 1.5));
        assertThat(JobStore.of(dir, spec).load(job)).isPresent();
        assertThatThrownBy(() -> JobStore.of(dir, reseeded).load(job)).hasMessageContaining("different spec");
    }

    /** Subspace jobs come after each seed's LoRA jobs; each dimension and seed selects one learning rate on validation. */
    @Test
    void aSubspaceSweepRunsBesideLoraAndReportsD90(@TempDir Path dir) throws IOException {
        org.loralab.experiment.ExperimentSpec spec = org.loralab.testing.Specs.parse(
                org.loralab.testing.Specs.SUBSPACE + "epoch_extensions: 0\n");
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
        org.loralab.report.ReportWriter.write(results, dir, org.loralab.report.Provenance.NONE);
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
                .replace("seeds: [1, 2]", "seeds: [1]\nepoch_extensions: 0")); // the epochs' doubling has its own test
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
        org.loralab.report.ReportWriter.write(results, dir, org.loralab.report.Provenance.NONE);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("LoRA: 3 searches, 3 went past its list (0.00009 "
                + "tried 3 times, chosen 0; 0.0003 tried 3 times, chosen 3); 3 still chose the smallest or largest rate tried");
        assertThat(Files.readAllLines(dir.resolve("learning_rates.csv"))).contains("lora,default,4,3.0E-4,2,true,1,0,"
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
        org.loralab.report.ReportWriter.write(results, dir.resolve("all"), org.loralab.report.Provenance.NONE);
        assertThat(Files.readString(dir.resolve("all/report.md"))).contains("each drawing its own data split and base model "
                + "(task seed + 1,000,000 x seed) besides initialisation and minibatch order (seed_scope: all)");

        ExperimentResults training = ExperimentRunner.run(org.loralab.testing.Specs.parse(tiny), dir.resolve("training"),
                ExperimentRunner.Options.defaults()).orElseThrow();
        assertThat(training.trial(Method.BASE, 0, 1).orElseThrow().metric())
                .isEqualTo(training.trial(Method.BASE, 0, 2).orElseThrow().metric());
        assertThat(training.spectra()).extracting(org.loralab.spectrum.UpdateSpectrum::tensor).contains("planted/layers.0");
    }

    /**
     * One epoch of a constant-rate schedule is far too short for the tiny task: every chosen trial kept its last (only)
     * epoch, so each search trains its rate again with 2 and then 4 epochs (two doublings), the validation set chooses
     * among them, and the report counts the searches that still bind.
     */
    @Test
    void aSearchWhoseChoiceKeptItsLastEpochTrainsItAgainWithTwiceTheEpochs(@TempDir Path dir) throws IOException {
        org.loralab.experiment.ExperimentSpec spec = org.loralab.testing.Specs.parse(org.loralab.testing.Specs.VALID
                .replace("epochs: 2", "epochs: 1").replace("ranks: [4, 1, 2]", "ranks: [2]")
                .replace("seeds: [1, 2]", "seeds: [1]"));
        ExperimentResults results = ExperimentRunner.run(spec, dir, ExperimentRunner.Options.defaults()).orElseThrow();
        java.util.List<TrialResult> full = results.allTrials().stream().filter(t -> t.method() == Method.FULL).toList();
        assertThat(full).extracting(TrialResult::maxEpochs).containsExactly(1, 2, 4);
        // no search trains the same rate for the same epochs twice
        assertThat(results.allTrials().stream().filter(t -> t.learningRate() > 0).map(t -> t.method() + t.config() + t.rank()
                + "/" + t.seed() + "/" + t.learningRate() + "/" + t.maxEpochs())).doesNotHaveDuplicates();
        assertThat(full).extracting(TrialResult::learningRate).containsOnly(0.01);
        assertThat(results.trials().stream().filter(t -> t.method() == Method.FULL).findFirst().orElseThrow().maxEpochs())
                .isEqualTo(4);
        org.loralab.report.ReportWriter.write(results, dir, org.loralab.report.Provenance.NONE);
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).contains("choices still at their last allowed epoch: full fine-tuning 1 of 1 searches (1 trained "
                + "again with doubled epochs), LoRA 1 of 1 searches (1 trained again with doubled epochs)",
                "The budget binds: the chosen trial kept its last allowed epoch, with no longer run tried, for full "
                + "fine-tuning in 1 of 1 searches (1 epochs, up to 4 with doublings); LoRA in 1 of 1 searches (1 epochs, up to 4 "
                + "with doublings); longer training might move these numbers (in both the fractions' numerators and "
                + "their denominator, so the direction is open).");
        assertThat(Files.readAllLines(dir.resolve("trials.csv")).get(0)).contains(",epochs,max_epochs,");
    }
}
