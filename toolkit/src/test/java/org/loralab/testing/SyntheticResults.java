package org.loralab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.results.AdapterComparison;
import org.loralab.results.ExampleScores;
import org.loralab.results.ExperimentResults;
import org.loralab.results.JobResult;
import org.loralab.results.TrialResult;
import org.loralab.results.TrialStatus;

/**
 * Results made up for tests of what is computed from them (verdicts, tables, choices): base metric 0 and full
 * fine-tuning 1 on both splits in every seed, so a trial's metric is its fraction of full fine-tuning's improvement.
 */
public final class SyntheticResults {

    /** The metrics of a LoRA trial: its validation and test fraction of full fine-tuning's improvement. */
    @FunctionalInterface
    public interface Curve {
        /** {validation, test} of configuration {@code variant} (index in the spec's order) at {@code rank}, {@code seed}. */
        double[] at(int variant, long seed, int rank);
    }

    private SyntheticResults() {
    }

    /**
     * The CI Fashion-MNIST spec (no planted answer, metric accuracy) with {@code seeds}, {@code ranks} and its grid of
     * two target sets (both layers, then {@code layers.1} alone).
     */
    public static ExperimentSpec fashionGrid(List<Long> seeds, List<Integer> ranks) {
        try {
            // the data folder must exist to be read, but no image is loaded: any folder will do
            String yaml = Files.readString(Path.of("..", "experiments", "fashion-mnist-ci.yaml")).replace(
                    "/usr/share/datasets/fashion-mnist", System.getProperty("java.io.tmpdir"));
            return SpecReader.parse(yaml, "fashion-mnist-ci.yaml", "fashion-mnist-ci").withSeeds(seeds).withRanks(ranks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Results of {@code spec} whose LoRA trials follow {@code curve}; truncation recovers {@code truncated} at every rank. */
    public static ExperimentResults of(ExperimentSpec spec, Curve curve, double truncated) {
        return of(spec, curve, truncated, List.of());
    }

    /** {@link #of(ExperimentSpec, Curve, double)} with comparisons of kept adapters. */
    public static ExperimentResults of(ExperimentSpec spec, Curve curve, double truncated,
                                       List<AdapterComparison> comparisons) {
        return of(spec, curve, truncated, comparisons, 0, java.util.Set.of());
    }

    /**
     * {@link #of(ExperimentSpec, Curve, double)} with per-example test scores on {@code examples} test examples: the base
     * scores 0 on every one, full fine-tuning 1, a trial with test fraction f scores 1 on the first round(f n) and 0 on
     * the rest (its test metric is set to that share, so the two agree exactly).
     */
    public static ExperimentResults scored(ExperimentSpec spec, Curve curve, double truncated, int examples) {
        return of(spec, curve, truncated, List.of(), examples, java.util.Set.of());
    }

    /**
     * {@link #of(ExperimentSpec, Curve, double)} where the chosen trials of the methods in {@code keptLastEpoch} kept
     * their last allowed epoch (2 of 2; the others keep 1 of 2): their budget binds.
     */
    public static ExperimentResults keptLastEpoch(ExperimentSpec spec, Curve curve, double truncated,
                                                  java.util.Set<Method> keptLastEpoch) {
        return of(spec, curve, truncated, List.of(), 0, keptLastEpoch);
    }

    private static ExperimentResults of(ExperimentSpec spec, Curve curve, double truncated,
                                        List<AdapterComparison> comparisons, int examples,
                                        java.util.Set<Method> keptLastEpoch) {
        List<JobResult> jobs = new ArrayList<>();
        List<LoraVariant> variants = spec.lora().variants();
        for (long seed : spec.seeds()) {
            List<TrialResult> full = new ArrayList<>(List.of(trial(Method.BASE, "", 0, seed, 0, 0, examples, false),
                    trial(Method.FULL, "", 0, seed, 1, 1, examples, keptLastEpoch.contains(Method.FULL))));
            for (int r : spec.lora().ranks()) {
                full.add(trial(Method.TRUNCATED, "", r, seed, truncated, truncated, examples, false));
            }
            jobs.add(new JobResult(Job.full(seed), full, List.of(), 1));
            for (int v = 0; v < variants.size(); v++) {
                for (int r : spec.lora().ranks()) {
                    double[] m = curve.at(v, seed, r);
                    jobs.add(new JobResult(Job.lora(variants.get(v), r, seed),
                            List.of(trial(Method.LORA, variants.get(v).name(), r, seed, m[0], m[1], examples,
                                    keptLastEpoch.contains(Method.LORA))), List.of(), 1));
                }
            }
        }
        return ExperimentResults.of(spec, jobs, List.of(), List.of(), comparisons);
    }

    private static TrialResult trial(Method method, String config, int rank, long seed, double validation, double test,
                                     int examples, boolean keptLastEpoch) {
        boolean trained = method == Method.FULL || method == Method.LORA;
        float[] scores = new float[examples];
        long ones = Math.round(test * examples);
        java.util.Arrays.fill(scores, 0, (int) ones, 1f);
        double metric = examples == 0 ? test : (double) ones / examples;
        return new TrialResult(method, config, rank, seed, trained ? 0.01 : Double.NaN, trained ? 100L * Math.max(rank, 1) : 0,
                trained ? (keptLastEpoch ? 2 : 1) : 0, -metric, validation, -metric, metric, true, TrialStatus.OK, new ExampleScores(scores),
                trained ? 2 : 0);
    }
}
