package org.loralab.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.experiment.RankAllocation;
import org.loralab.lora.LoraConfig;
import org.loralab.spectrum.RankBudget;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Ranks allocated from the measured spectrum against a uniform rank at the same trainable-parameter budget: each
 * configuration with {@code rank_allocation: energy} beside its uniform twin (same targets, alpha rule and modules to
 * save). The per-module ranks are recomputed from the full updates' stored singular values by the rule training used
 * ({@link org.loralab.experiment.LoraSweep#configFor(LoraVariant, int, List)}), so they are those of the trained
 * adapters (whose PEFT configs carry them as rank_pattern).
 */
public final class RankAllocations {
    private RankAllocations() {
    }

    /** An energy-allocated configuration and its uniform twin. */
    public record Pair(LoraVariant uniform, LoraVariant energy) {
    }

    /** The energy configurations of the spec that have a uniform twin in the grid. */
    public static List<Pair> pairs(ExperimentSpec spec) {
        List<LoraVariant> variants = spec.lora().variants();
        List<Pair> out = new ArrayList<>();
        for (LoraVariant e : variants) {
            if (e.allocation() == RankAllocation.ENERGY) {
                variants.stream().filter(u -> u.allocation() == RankAllocation.UNIFORM && u.targets().equals(e.targets())
                                && u.alpha().equals(e.alpha()) && u.modulesToSave().equals(e.modulesToSave()))
                        .findFirst().ifPresent(u -> out.add(new Pair(u, e)));
            }
        }
        return out;
    }

    /** The ranks by module of {@code variant} at budget rank {@code rank} in {@code seed}; empty without the full update. */
    public static Map<String, Integer> ranks(ExperimentResults results, LoraVariant variant, int rank, long seed) {
        Map<String, int[]> shapes = results.spec().task().model().moduleShapes();
        List<RankBudget.Module> targets = new ArrayList<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            if (variant.targets().matches(e.getKey())) {
                var spectrum = results.fullUpdates(e.getKey()).stream()
                        .filter(s -> s.tensor().equals(UpdateNames.full(seed, e.getKey()))).findFirst();
                if (spectrum.isEmpty()) {
                    return Map.of();
                }
                targets.add(new RankBudget.Module(e.getKey(), spectrum.get().sigma(), e.getValue()[0], e.getValue()[1]));
            }
        }
        LoraConfig config = results.spec().lora().configFor(variant, rank, targets);
        Map<String, Integer> out = new LinkedHashMap<>();
        targets.forEach(m -> out.put(m.name(), config.forModule(m.name()).rank()));
        return out;
    }

    /** {@code rank_allocation.csv}: config, rank (the budget's uniform rank), seed, module, allocated_rank. */
    public static Table ranksTable(ExperimentResults results) {
        StringColumn config = StringColumn.create("config");
        IntColumn rank = IntColumn.create("rank");
        LongColumn seed = LongColumn.create("seed");
        StringColumn module = StringColumn.create("module");
        IntColumn allocated = IntColumn.create("allocated_rank");
        for (LoraVariant v : results.spec().lora().variants()) {
            if (v.allocation() != RankAllocation.ENERGY) {
                continue;
            }
            for (int r : results.spec().lora().ranks()) {
                for (long s : results.spec().seeds()) {
                    ranks(results, v, r, s).forEach((m, k) -> {
                        config.append(v.name());
                        rank.append(r);
                        seed.append(s);
                        module.append(m);
                        allocated.append(k);
                    });
                }
            }
        }
        return Table.create("rank_allocation", config, rank, seed, module, allocated);
    }

    /**
     * {@code allocation.csv}: per pair and budget rank, mean trainable parameters and mean test fraction of full
     * fine-tuning's improvement of each, and the energy-minus-uniform difference of fractions (mean over seeds with a
     * 95% Student-t interval over the per-seed differences).
     */
    public static Table comparison(ExperimentResults results) {
        StringColumn uniform = StringColumn.create("uniform_config");
        StringColumn energy = StringColumn.create("energy_config");
        IntColumn rank = IntColumn.create("rank");
        LongColumn uniformParams = LongColumn.create("uniform_params");
        LongColumn energyParams = LongColumn.create("energy_params");
        DoubleColumn uniformFraction = DoubleColumn.create("uniform_fraction_mean");
        DoubleColumn energyFraction = DoubleColumn.create("energy_fraction_mean");
        DoubleColumn difference = DoubleColumn.create("difference_mean");
        DoubleColumn low = DoubleColumn.create("difference_ci95_low");
        DoubleColumn high = DoubleColumn.create("difference_ci95_high");
        for (Pair p : pairs(results.spec())) {
            for (int r : results.spec().lora().ranks()) {
                MeanInterval d = difference(results, p, r);
                uniform.append(p.uniform().name());
                energy.append(p.energy().name());
                rank.append(r);
                uniformParams.append(meanParams(results, p.uniform(), r));
                energyParams.append(meanParams(results, p.energy(), r));
                uniformFraction.append(results.fractionOverSeeds(Method.LORA, p.uniform().name(), r).mean());
                energyFraction.append(results.fractionOverSeeds(Method.LORA, p.energy().name(), r).mean());
                difference.append(d.mean());
                low.append(d.low());
                high.append(d.high());
            }
        }
        return Table.create("allocation", uniform, energy, rank, uniformParams, energyParams, uniformFraction,
                energyFraction, difference, low, high);
    }

    /** Energy minus uniform test fraction at budget rank {@code rank}, over the seeds where both trained. */
    public static MeanInterval difference(ExperimentResults results, Pair p, int rank) {
        List<Double> d = new ArrayList<>();
        for (long s : results.spec().seeds()) {
            var u = results.trial(Method.LORA, p.uniform().name(), rank, s).filter(TrialResult::ok);
            var e = results.trial(Method.LORA, p.energy().name(), rank, s).filter(TrialResult::ok);
            if (u.isPresent() && e.isPresent()) {
                double diff = results.fractionOfFull(e.get()) - results.fractionOfFull(u.get());
                if (Double.isFinite(diff)) {
                    d.add(diff);
                }
            }
        }
        return MeanInterval.of(d.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static long meanParams(ExperimentResults results, LoraVariant v, int rank) {
        return Math.round(results.trials().stream().filter(t -> t.method() == Method.LORA && t.config().equals(v.name())
                && t.rank() == rank).mapToLong(TrialResult::trainableParams).average().orElse(0));
    }
}
