package org.loralab.results;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * LoRA configurations compared at an equal number of trainable parameters, as Table 5 of the LoRA paper: adapting
 * one module at rank 8 costs as much as two at rank 4 or four at rank 2. Built from the sweep's own trials: every
 * trainable-parameter count that more than one target set reaches is a budget.
 */
public final class EqualBudget {
    private EqualBudget() {
    }

    private record ConfigRank(String config, int rank) {
    }

    /**
     * Columns {@code trainable_params, config, targets, rank, metric_mean, fraction_of_full_mean}, budgets ascending;
     * empty when no two target sets share a count.
     */
    public static Table table(ExperimentResults results) {
        Map<String, LoraVariant> variants = new LinkedHashMap<>();
        results.spec().lora().variants().forEach(v -> variants.put(v.name(), v));
        // budget -> the (config, rank) pairs that reach it, in sweep order
        TreeMap<Long, Set<ConfigRank>> budgets = new TreeMap<>();
        for (TrialResult t : results.trials()) {
            if (t.method() == Method.LORA && t.ok()) {
                budgets.computeIfAbsent(t.trainableParams(), k -> new LinkedHashSet<>()).add(new ConfigRank(t.config(), t.rank()));
            }
        }
        LongColumn params = LongColumn.create("trainable_params");
        StringColumn config = StringColumn.create("config");
        StringColumn targets = StringColumn.create("targets");
        IntColumn rank = IntColumn.create("rank");
        DoubleColumn metric = DoubleColumn.create("metric_mean");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full_mean");
        budgets.forEach((count, entries) -> {
            if (entries.stream().map(e -> variants.get(e.config()).targets()).distinct().count() < 2) {
                return;
            }
            for (ConfigRank e : entries) {
                params.append(count);
                config.append(e.config());
                targets.append(variants.get(e.config()).targets().label());
                rank.append(e.rank());
                metric.append(results.metricOverSeeds(Method.LORA, e.config(), e.rank()).mean());
                fraction.append(results.fractionOverSeeds(Method.LORA, e.config(), e.rank()).mean());
            }
        });
        return Table.create("equal_budget", params, config, targets, rank, metric, fraction);
    }
}
