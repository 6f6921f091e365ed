package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RankBudgetTest {

    /** One module whose update has rank 8, one with rank 1, equal shapes: uniform rank 4's budget goes 7 + 1. */
    @Test
    void theBudgetGoesWhereTheSpectrumHasEnergy() {
        double[] eight = {1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 1e-4, 1e-4};
        double[] one = {1.0, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4};
        List<RankBudget.Module> modules = List.of(new RankBudget.Module("a", eight, 32, 32),
                new RankBudget.Module("b", one, 32, 32));
        assertThat(RankBudget.uniformBudget(modules, 4)).isEqualTo(4 * 128);
        assertThat(RankBudget.allocate(modules, RankBudget.uniformBudget(modules, 4))).containsExactly(
                Map.entry("a", 7), Map.entry("b", 1));
        assertThat(RankBudget.allocate(modules, RankBudget.uniformBudget(modules, 1))).containsEntry("a", 1).containsEntry("b", 1);
    }

    /**
     * Energy per parameter: a rank of the 96 x 32 module costs twice one of the 32 x 32 module, so its next sigma^2 must
     * be twice as large to win; when its next rank no longer fits, the cheaper module takes what is left.
     */
    @Test
    void widerModulesPayMorePerRankAndCheaperOnesFillTheRest() {
        List<RankBudget.Module> modules = List.of(new RankBudget.Module("wide", new double[] {1, 0.9, 0.8}, 96, 32),
                new RankBudget.Module("square", new double[] {1, 0.7, 0.6, 0.5}, 32, 32));
        // after rank 1 each (192 parameters): wide offers 0.81 / 128, square 0.49 / 64: wide wins; then 0.64 / 128 against
        // 0.49 / 64: square; 64 parameters left: wide's next costs 128, so square takes its third rank
        Map<String, Integer> ranks = RankBudget.allocate(modules, 192 + 128 + 64 + 64);
        assertThat(ranks).containsExactly(Map.entry("wide", 2), Map.entry("square", 3));
    }

    @Test
    void aBudgetBelowRankOneEverywhereIsRefusedAndRanksStopAtTheModulesSize() {
        List<RankBudget.Module> modules = List.of(new RankBudget.Module("a", new double[] {3, 2}, 2, 8),
                new RankBudget.Module("b", new double[] {1}, 4, 1));
        assertThatThrownBy(() -> RankBudget.allocate(modules, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not pay for rank 1");
        assertThat(RankBudget.allocate(modules, 1000)).containsExactly(Map.entry("a", 2), Map.entry("b", 1));
    }

    /**
     * With equal shapes the greedy is optimal: no other allocation of the same total rank (at least 1 each, within the
     * budget) keeps more energy, checked against every allocation of three modules.
     */
    @Property(tries = 200)
    void withEqualShapesNoAllocationKeepsMoreEnergy(@ForAll @IntRange(min = 3, max = 12) int budgetRank,
                                                     @ForAll long seed) {
        Random random = new Random(seed);
        List<RankBudget.Module> modules = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            double[] sigma = new double[6];
            for (int i = 0; i < sigma.length; i++) {
                sigma[i] = random.nextDouble();
            }
            java.util.Arrays.sort(sigma);
            for (int i = 0; i < sigma.length / 2; i++) {
                double t = sigma[i];
                sigma[i] = sigma[sigma.length - 1 - i];
                sigma[sigma.length - 1 - i] = t;
            }
            modules.add(new RankBudget.Module("m" + m, sigma, 6, 6));
        }
        long budget = budgetRank * 12L;
        Map<String, Integer> ranks = RankBudget.allocate(modules, budget);
        int total = ranks.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total * 12L).isLessThanOrEqualTo(budget);
        double best = 0;
        for (int a = 1; a <= 6; a++) {
            for (int b = 1; b <= 6; b++) {
                for (int c = 1; c <= 6; c++) {
                    if (a + b + c <= budgetRank) {
                        best = Math.max(best, energy(modules.get(0), a) + energy(modules.get(1), b) + energy(modules.get(2), c));
                    }
                }
            }
        }
        double greedy = energy(modules.get(0), ranks.get("m0")) + energy(modules.get(1), ranks.get("m1"))
                + energy(modules.get(2), ranks.get("m2"));
        assertThat(greedy).isGreaterThanOrEqualTo(best - 1e-12);
    }

    private static double energy(RankBudget.Module m, int rank) {
        double e = 0;
        for (int i = 0; i < rank; i++) {
            e += m.sigma()[i] * m.sigma()[i];
        }
        return e;
    }
}
