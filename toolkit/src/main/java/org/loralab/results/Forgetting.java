package org.loralab.results;

import org.loralab.experiment.Method;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What fine-tuning made a transfer task's model forget of the task it was pretrained on: the learn-forget trade-off of
 * Biderman et al. 2024 ("LoRA learns less and forgets less"). Forgetting is the base model's source test metric minus
 * the trial's (same seed), so it is positive when the trial got worse at the source task; measured for every trial,
 * it is only reported, never used to choose.
 */
public final class Forgetting {
    private Forgetting() {
    }

    /** Whether the experiment measured a source task (its task transfers from one). */
    public static boolean measured(ExperimentResults results) {
        return results.allTrials().stream().anyMatch(t -> t.source().measured());
    }

    /** The base model's source test metric minus the trial's (same seed); NaN where either was not measured. */
    public static double of(ExperimentResults results, TrialResult t) {
        return results.trial(Method.BASE, 0, t.seed()).map(b -> b.source().test() - t.source().test()).orElse(Double.NaN);
    }

    /**
     * The trial's forgetting as a share of the same seed's selected full fine-tuning's: 1 forgets as much as full
     * fine-tuning, 0 nothing. NaN where full fine-tuning forgot nothing (no share is defined) or was not measured.
     */
    public static double relativeToFull(ExperimentResults results, TrialResult t) {
        double full = results.trial(Method.FULL, 0, t.seed()).map(f -> of(results, f)).orElse(Double.NaN);
        return full > 0 ? of(results, t) / full : Double.NaN;
    }

    /** Mean and 95% Student-t interval over seeds of {@link #relativeToFull} for one method, configuration and rank. */
    public static MeanInterval relativeOverSeeds(ExperimentResults results, Method method, String config, int rank) {
        return MeanInterval.of(results.trials().stream().filter(t -> t.method() == method && t.config().equals(config)
                && t.rank() == rank && t.ok()).mapToDouble(t -> relativeToFull(results, t)).filter(Double::isFinite)
                .toArray());
    }

    /**
     * {@code forgetting.csv}, the learn-forget trade-off of the selected trials, per method, configuration and rank (the
     * base model left out: it forgets nothing by definition): seeds, mean trainable parameters, mean fraction of full
     * fine-tuning's test improvement, mean source test metric, mean forgetting, and forgetting as a share of full
     * fine-tuning's with its 95% Student-t interval over seeds. Empty when no source task was measured.
     */
    public static Table table(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        IntColumn rank = IntColumn.create("rank");
        IntColumn seeds = IntColumn.create("seeds");
        LongColumn params = LongColumn.create("trainable_params");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full_mean");
        DoubleColumn source = DoubleColumn.create("source_test_metric_mean");
        DoubleColumn forgetting = DoubleColumn.create("forgetting_mean");
        DoubleColumn share = DoubleColumn.create("forgetting_vs_full_mean");
        DoubleColumn low = DoubleColumn.create("forgetting_vs_full_ci95_low");
        DoubleColumn high = DoubleColumn.create("forgetting_vs_full_ci95_high");
        record Point(Method method, String config, int rank) {
        }
        if (measured(results)) {
            results.trials().stream().filter(t -> t.method() != Method.BASE && t.ok())
                    .map(t -> new Point(t.method(), t.config(), t.rank())).distinct().forEach(p -> {
                        var trials = results.trials().stream().filter(t -> t.method() == p.method()
                                && t.config().equals(p.config()) && t.rank() == p.rank() && t.ok()).toList();
                        method.append(p.method().label());
                        config.append(p.config());
                        if (p.method().ranked()) {
                            rank.append(p.rank());
                        } else {
                            rank.appendMissing();
                        }
                        seeds.append(trials.size());
                        params.append(Math.round(trials.stream().mapToLong(TrialResult::trainableParams).average().orElse(0)));
                        fraction.append(results.fractionOverSeeds(p.method(), p.config(), p.rank()).mean());
                        source.append(trials.stream().mapToDouble(t -> t.source().test()).average().orElse(Double.NaN));
                        forgetting.append(trials.stream().mapToDouble(t -> of(results, t)).average().orElse(Double.NaN));
                        MeanInterval s = relativeOverSeeds(results, p.method(), p.config(), p.rank());
                        share.append(s.mean());
                        low.append(s.low());
                        high.append(s.high());
                    });
        }
        return Table.create("forgetting", method, config, rank, seeds, params, fraction, source, forgetting, share, low,
                high);
    }
}
