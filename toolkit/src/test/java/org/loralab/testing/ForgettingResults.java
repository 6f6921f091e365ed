package org.loralab.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.results.ExperimentResults;
import org.loralab.results.JobResult;
import org.loralab.results.SourceScores;
import org.loralab.results.TrialResult;
import org.loralab.results.TrialStatus;

/** Results of a transfer task with known forgetting, for the tests of forgetting's tables and report lines. */
public final class ForgettingResults {
    /** planted-rank-ci's spec: ranks 1, 4, 8; seeds 1, 2. */
    public static final ExperimentSpec SPEC = SpecReader.read(Path.of("..", "experiments", "planted-rank-ci.yaml"));

    private ForgettingResults() {
    }

    private static TrialResult trial(Method m, int rank, long seed, double metric, double source) {
        return new TrialResult(m, m == Method.LORA ? LoraVariant.DEFAULT : "", rank, seed, Double.NaN, 0, 0, -metric, metric,
                -metric, metric, true, TrialStatus.OK).withSource(new SourceScores(source + 0.01, source));
    }

    /**
     * Source metric: base 0.9 in both seeds; full fine-tuning 0.5 (seed 1, forgets 0.4) and {@code fullSourceSeed2}
     * (seed 2); LoRA at r = 1, 4, 8 keeps 0.8, 0.7, 0.6 (seed 1: 25%, 50%, 75% of full's forgetting) and 0.85, 0.8, 0.75
     * (seed 2, with full at 0.7: 25%, 50%, 75%). Target metric: base 0, full 1, LoRA 0.5, 0.6, 0.7.
     */
    public static ExperimentResults of(double fullSourceSeed2) {
        double[][] lora = {{0.8, 0.7, 0.6}, {0.85, 0.8, 0.75}};
        double[] full = {0.5, fullSourceSeed2};
        List<JobResult> jobs = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            long seed = s + 1;
            jobs.add(new JobResult(Job.full(seed), List.of(trial(Method.BASE, 0, seed, 0, 0.9),
                    trial(Method.FULL, 0, seed, 1, full[s])), List.of(), 1));
            int[] ranks = {1, 4, 8};
            for (int i = 0; i < 3; i++) {
                jobs.add(new JobResult(Job.lora(SPEC.lora().firstVariant(), ranks[i], seed),
                        List.of(trial(Method.LORA, ranks[i], seed, 0.5 + 0.1 * i, lora[s][i])), List.of(), 1));
            }
        }
        return ExperimentResults.of(SPEC, jobs, List.of());
    }
}
