package org.loralab.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.linalg.Svd;
import org.loralab.peft.PeftAdapter;
import org.loralab.spectrum.SubspaceSimilarity;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How much of a small-rank adapter's subspace a large-rank adapter of the same module also learned: the subspace
 * similarity of their A matrices' right singular vectors (input directions), phi(A_small, A_large, i, j), as in
 * Figure 3 of the LoRA paper (r = 8 against r = 64).
 *
 * @param config    the LoRA configuration both adapters were trained with
 * @param seed      their seed
 * @param module    the adapted module
 * @param smallRank r of the first adapter (rows i = 1..smallRank)
 * @param largeRank r of the second (columns j = 1..largeRank)
 * @param phi       the similarity table
 */
public record AdapterComparison(String config, long seed, String module, int smallRank, int largeRank,
                                SubspaceSimilarity phi) {

    /** Where the adapters trained by a sweep were kept. */
    @FunctionalInterface
    public interface KeptAdapters {
        /** The adapter of {@code variant} at {@code rank} and {@code seed}, if it was kept. */
        Optional<PeftAdapter> find(LoraVariant variant, int rank, long seed);
    }

    /**
     * The ranks compared in a sweep over {@code ranks}: the largest, and the largest at most an eighth of it (8 against
     * 64, as the paper), or the smallest when none is; empty when fewer than two ranks were swept.
     */
    static Optional<int[]> ranks(List<Integer> ranks) {
        if (ranks.size() < 2) {
            return Optional.empty();
        }
        int large = ranks.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int small = ranks.stream().mapToInt(Integer::intValue).filter(r -> r <= large / 8).max()
                .orElse(ranks.stream().mapToInt(Integer::intValue).min().orElseThrow());
        return Optional.of(new int[] {small, large});
    }

    /**
     * The comparison of every module adapted in the first seed, for each configuration of the sweep, from the adapters
     * the store kept; empty where they are missing (a diverged trial, or a store written before adapters were kept).
     */
    public static List<AdapterComparison> of(ExperimentSpec spec, KeptAdapters store) {
        List<AdapterComparison> all = new ArrayList<>();
        Optional<int[]> ranks = ranks(spec.lora().ranks());
        if (ranks.isEmpty() || spec.seeds().isEmpty()) {
            return all;
        }
        int small = ranks.get()[0];
        int large = ranks.get()[1];
        long seed = spec.seeds().get(0);
        for (LoraVariant variant : spec.lora().variants()) {
            Optional<PeftAdapter> a = store.find(variant, small, seed);
            Optional<PeftAdapter> b = store.find(variant, large, seed);
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, PeftAdapter.Factors> e : a.get().modules().entrySet()) {
                PeftAdapter.Factors other = b.get().modules().get(e.getKey());
                if (other == null) {
                    continue;
                }
                Svd x = Svd.of(e.getValue().a());
                Svd y = Svd.of(other.a());
                int i = Math.min(small, x.v().numCols);
                int j = Math.min(large, y.v().numCols);
                all.add(new AdapterComparison(variant.name(), seed, e.getKey(), small, large,
                        SubspaceSimilarity.of(x, y, SubspaceSimilarity.Side.RIGHT, i, j)));
            }
        }
        return all;
    }

    /** Every phi(i, j) of {@code comparisons}: columns config, seed, module, small_rank, large_rank, i, j, phi. */
    public static Table table(List<AdapterComparison> comparisons) {
        StringColumn config = StringColumn.create("config");
        LongColumn seed = LongColumn.create("seed");
        StringColumn module = StringColumn.create("module");
        IntColumn small = IntColumn.create("small_rank");
        IntColumn large = IntColumn.create("large_rank");
        IntColumn i = IntColumn.create("i");
        IntColumn j = IntColumn.create("j");
        DoubleColumn phi = DoubleColumn.create("phi");
        for (AdapterComparison c : comparisons) {
            for (int a = 1; a <= c.phi().rows(); a++) {
                for (int b = 1; b <= c.phi().cols(); b++) {
                    config.append(c.config());
                    seed.append(c.seed());
                    module.append(c.module());
                    small.append(c.smallRank());
                    large.append(c.largeRank());
                    i.append(a);
                    j.append(b);
                    phi.append(c.phi().get(a, b));
                }
            }
        }
        return Table.create("subspace", config, seed, module, small, large, i, j, phi);
    }

    /**
     * One row per comparison: phi(1, 1) (do both adapters find the same top direction?), phi(s, s) (the top s
     * directions of each) and phi(s, L) (the share of the small adapter's subspace inside the large one's).
     */
    public static Table summaryTable(List<AdapterComparison> comparisons) {
        StringColumn config = StringColumn.create("config");
        StringColumn module = StringColumn.create("module");
        DoubleColumn top = DoubleColumn.create("phi_1_1");
        DoubleColumn same = DoubleColumn.create("phi_s_s");
        DoubleColumn inside = DoubleColumn.create("phi_s_L");
        for (AdapterComparison c : comparisons) {
            config.append(c.config());
            module.append(c.module());
            top.append(c.phi().get(1, 1));
            same.append(c.phi().get(c.phi().rows(), Math.min(c.phi().rows(), c.phi().cols())));
            inside.append(c.phi().get(c.phi().rows(), c.phi().cols()));
        }
        return Table.create("subspace_summary", config, module, top, same, inside);
    }
}
