package org.loralab.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.Numbers;
import org.loralab.format.ModuleName;
import org.loralab.spectrum.RankMetric;
import org.loralab.spectrum.UpdateSpectrum;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The full fine-tuning update's rank by module type and depth, for models whose modules sit in numbered blocks
 * (a transformer's {@code layers.3.self_attn.q_proj}; see {@link ModuleName}): medians over seeds.
 */
public final class UpdateRanksByModule {
    private UpdateRanksByModule() {
    }

    /**
     * Columns {@code module_type, depth, shape, seeds, energy_rank_90_median, stable_rank_median,
     * relative_update_median}, one row per type and depth in the model's order; empty when no module is named so.
     */
    public static Table table(ExperimentResults results) {
        Map<String, List<UpdateSpectrum>> groups = new LinkedHashMap<>(); // "type depth" -> spectra over seeds
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (UpdateSpectrum s : results.spectra()) {
            ModuleName m = ModuleName.of(s.tensor());
            if (UpdateNames.isFull(s.tensor()) && m.inBlock()) {
                String key = m.type() + " " + m.depth();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                keys.putIfAbsent(key, new String[] {m.type(), String.valueOf(m.depth())});
            }
        }
        StringColumn type = StringColumn.create("module_type");
        IntColumn depth = IntColumn.create("depth");
        StringColumn shape = StringColumn.create("shape");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn energy = DoubleColumn.create(RankMetric.ENERGY_RANK_90.column() + "_median");
        DoubleColumn stable = DoubleColumn.create(RankMetric.STABLE_RANK.column() + "_median");
        DoubleColumn relative = DoubleColumn.create("relative_update_median");
        keys.entrySet().stream()
                .sorted((a, b) -> Integer.compare(typeOrder(keys, a.getValue()[0]), typeOrder(keys, b.getValue()[0])))
                .forEach(e -> {
                    List<UpdateSpectrum> g = groups.get(e.getKey());
                    type.append(e.getValue()[0]);
                    depth.append(Integer.parseInt(e.getValue()[1]));
                    shape.append(g.get(0).rows() + "x" + g.get(0).cols());
                    seeds.append(g.size());
                    energy.append(Numbers.median(g.stream().mapToDouble(s -> s.metrics().energyRank90()).toArray()));
                    stable.append(Numbers.median(g.stream().mapToDouble(s -> s.metrics().stableRank()).toArray()));
                    relative.append(Numbers.median(g.stream().filter(s -> s.relativeUpdate().isPresent())
                            .mapToDouble(s -> s.relativeUpdate().getAsDouble()).toArray()));
                });
        return Table.create("update_ranks_by_module", type, depth, shape, seeds, energy, stable, relative);
    }

    /** Position of a module type's first appearance, so that rows group by type and keep the depth order within. */
    private static int typeOrder(Map<String, String[]> keys, String type) {
        int i = 0;
        for (String[] k : keys.values()) {
            if (k[0].equals(type)) {
                return i;
            }
            i++;
        }
        return i;
    }
}
