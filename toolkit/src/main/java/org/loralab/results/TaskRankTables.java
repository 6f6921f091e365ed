package org.loralab.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The task-rank tables of an experiment ({@code task_ranks.csv}, {@code task_ranks_summary.csv}, {@code configs.csv}):
 * r90, r95 and r99 of every ranked method and LoRA configuration, per seed and over seeds.
 */
public final class TaskRankTables {
    private TaskRankTables() {
    }

    /**
     * The methods and configurations that have task ranks: each LoRA configuration, truncation, the random subspace
     * when swept (its "rank" is the dimension d, so its r90 is d90), and any other ranked method.
     */
    private static List<Map.Entry<Method, String>> rankedCurves(ExperimentResults results) {
        List<Map.Entry<Method, String>> out = new ArrayList<>();
        results.spec().lora().variants().forEach(v -> out.add(Map.entry(Method.LORA, v.name())));
        out.add(Map.entry(Method.TRUNCATED, ""));
        results.spec().subspace().ifPresent(sub -> out.add(Map.entry(Method.SUBSPACE, "")));
        results.spec().others().stream().filter(o -> o.method().ranked()).forEach(o -> out.add(Map.entry(o.method(), "")));
        return out;
    }

    /** r90, r95, r99 of each LoRA configuration and of truncation, per seed (missing: not reached). */
    public static Table perSeed(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        LongColumn seed = LongColumn.create("seed");
        List<IntColumn> ranks = new ArrayList<>();
        for (double f : TaskRanks.FRACTIONS) {
            ranks.add(IntColumn.create(TaskRanks.label(f)));
        }
        for (Map.Entry<Method, String> curve : rankedCurves(results)) {
            for (long s : results.spec().seeds()) {
                method.append(curve.getKey().label());
                config.append(curve.getValue());
                seed.append(s);
                for (int i = 0; i < TaskRanks.FRACTIONS.length; i++) {
                    ResultTables.appendOrMissing(ranks.get(i), results.taskRank(curve.getKey(), curve.getValue(), TaskRanks.FRACTIONS[i], s));
                }
            }
        }
        Table t = Table.create("task_ranks", method, config, seed);
        ranks.forEach(t::addColumns);
        return t;
    }

    /**
     * r90, r95 and r99 summarised over seeds, per method and configuration: in how many seeds the share was
     * reached, and the median, smallest and largest rank among those seeds (missing when no seed reached it).
     */
    public static Table overSeeds(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        StringColumn share = StringColumn.create("task_rank");
        StringColumn reached = StringColumn.create("seeds_reached");
        DoubleColumn median = DoubleColumn.create("median");
        IntColumn min = IntColumn.create("min");
        IntColumn max = IntColumn.create("max");
        for (Map.Entry<Method, String> curve : rankedCurves(results)) {
            for (double f : TaskRanks.FRACTIONS) {
                TaskRankSpread spread = results.taskRankOverSeeds(curve.getKey(), curve.getValue(), f);
                method.append(curve.getKey().label());
                config.append(curve.getValue());
                share.append(TaskRanks.label(f));
                reached.append(spread.reachedText());
                if (spread.reached() == 0) {
                    median.appendMissing();
                    min.appendMissing();
                    max.appendMissing();
                } else {
                    median.append(spread.median());
                    min.append(spread.min());
                    max.append(spread.max());
                }
            }
        }
        return Table.create("task_ranks_summary", method, config, share, reached, median, min, max);
    }

    /**
     * One row per LoRA configuration of the grid: its settings, median r90 and r95 over seeds on test (with the seeds
     * that reached them), the mean test fraction of full fine-tuning's improvement at the smallest and largest rank, the
     * median r90 on validation, and whether the validation set chose it ({@link ExperimentResults#bestVariant()}).
     */
    public static Table configs(ExperimentResults results) {
        List<Integer> swept = results.spec().lora().ranks();
        int smallest = swept.get(0);
        int largest = swept.get(swept.size() - 1);
        StringColumn config = StringColumn.create("config");
        StringColumn targets = StringColumn.create("targets");
        StringColumn alpha = StringColumn.create("alpha");
        StringColumn scaling = StringColumn.create("scaling");
        List<DoubleColumn> medians = new ArrayList<>();
        List<StringColumn> reached = new ArrayList<>();
        for (double f : new double[] {0.90, 0.95}) {
            medians.add(DoubleColumn.create(TaskRanks.label(f) + "_median"));
            reached.add(StringColumn.create(TaskRanks.label(f) + "_seeds_reached"));
        }
        DoubleColumn low = DoubleColumn.create("fraction_at_r" + smallest);
        DoubleColumn high = DoubleColumn.create("fraction_at_r" + largest);
        DoubleColumn validationR90 = DoubleColumn.create("validation_r90_median");
        BooleanColumn chosen = BooleanColumn.create("chosen");
        LoraVariant best = results.bestVariant();
        for (LoraVariant v : results.spec().lora().variants()) {
            config.append(v.name());
            targets.append(v.targets().label());
            alpha.append(v.alpha().toString());
            scaling.append(v.alpha().scalingRule());
            for (int i = 0; i < medians.size(); i++) {
                TaskRankSpread spread = results.taskRankOverSeeds(Method.LORA, v.name(), i == 0 ? 0.90 : 0.95);
                if (spread.reached() == 0) {
                    medians.get(i).appendMissing();
                } else {
                    medians.get(i).append(spread.median());
                }
                reached.get(i).append(spread.reachedText());
            }
            low.append(results.fractionOverSeeds(Method.LORA, v.name(), smallest).mean());
            high.append(results.fractionOverSeeds(Method.LORA, v.name(), largest).mean());
            TaskRankSpread onValidation = results.taskRankOverSeeds(Split.VALIDATION, Method.LORA, v.name(), 0.90);
            if (onValidation.reached() == 0) {
                validationR90.appendMissing();
            } else {
                validationR90.append(onValidation.median());
            }
            chosen.append(v.equals(best));
        }
        return Table.create("configs", config, targets, alpha, scaling, medians.get(0), reached.get(0), medians.get(1),
                reached.get(1), low, high, validationR90, chosen);
    }

}
