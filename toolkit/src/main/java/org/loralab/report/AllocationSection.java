package org.loralab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.results.ExperimentResults;
import org.loralab.results.MeanInterval;
import org.loralab.results.RankAllocations;
import org.loralab.results.Split;
import org.loralab.results.TaskRankSpread;
import org.loralab.results.TrialResult;

/**
 * The rank-allocation part of a report: does measuring the full update's spectrum first, and spending the same
 * parameters where it says, recover more of full fine-tuning's gain than a uniform rank?
 */
final class AllocationSection {
    private AllocationSection() {
    }

    /** The verdict line for the first energy configuration with a uniform twin; empty when the spec has none. */
    static Optional<String> verdict(ExperimentResults results) {
        List<RankAllocations.Pair> pairs = RankAllocations.pairs(results.spec());
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        RankAllocations.Pair p = pairs.get(0);
        List<String> budgets = new ArrayList<>();
        int better = 0;
        int worse = 0;
        for (int r : results.spec().lora().ranks()) {
            MeanInterval d = RankAllocations.difference(results, p, r);
            if (d.n() == 0) {
                continue;
            }
            if (sameRanks(results, p, r)) {
                budgets.add("r = " + r + ": the spectrum gives every module rank " + r + " in every seed (the same adapters)");
                continue;
            }
            boolean interval = !Double.isNaN(d.low());
            better += interval && d.low() > 0 ? 1 : 0;
            worse += interval && d.high() < 0 ? 1 : 0;
            budgets.add(String.format(Locale.ROOT, "r = %d: %.1f%% against %.1f%% (%+.1f points%s)", r,
                    100 * results.fractionOverSeeds(Method.LORA, p.energy().name(), r).mean(),
                    100 * results.fractionOverSeeds(Method.LORA, p.uniform().name(), r).mean(), 100 * d.mean(),
                    interval ? String.format(Locale.ROOT, ", 95%% interval over seeds %+.1f to %+.1f", 100 * d.low(),
                            100 * d.high()) : ""));
        }
        long compared = budgets.stream().filter(b -> !b.contains("(the same adapters)")).count();
        String answer = better == compared && better > 0 ? "measuring the spectrum first recovers more at every budget"
                + (compared < budgets.size() ? " where the ranks differ" : "")
                : better > 0 ? "measuring the spectrum first recovers more at " + better + " of " + compared + " budgets"
                + (worse > 0 ? " and less at " + worse : "")
                : worse > 0 ? "measuring the spectrum first recovers less at " + worse + " of " + compared + " budgets"
                : "no budget where the ranks differ shows a difference outside the interval over seeds";
        return Optional.of("Ranks allocated from the full update's spectrum (`" + p.energy().name() + "`) against a uniform "
                + "rank (`" + p.uniform().name() + "`) at the same trainable parameters, test fraction of full fine-tuning's "
                + "improvement: " + String.join("; ", budgets) + ": " + answer + ". r90 on validation in parameters: "
                + r90Parameters(results, p.uniform()) + " uniform, " + r90Parameters(results, p.energy()) + " allocated.");
    }

    /** Whether energy allocation gave every module the uniform rank {@code rank} in every seed. */
    private static boolean sameRanks(ExperimentResults results, RankAllocations.Pair p, int rank) {
        return results.spec().seeds().stream().allMatch(s -> {
            var ranks = RankAllocations.ranks(results, p.energy(), rank, s);
            return !ranks.isEmpty() && ranks.values().stream().allMatch(k -> k == rank);
        });
    }

    /** The trainable parameters at a variant's median validation r90 (the smallest swept rank at or above it). */
    private static String r90Parameters(ExperimentResults results, LoraVariant v) {
        TaskRankSpread r90 = results.taskRankOverSeeds(Split.VALIDATION, Method.LORA, v.name(), 0.90);
        if (r90.reached() == 0) {
            return "not reached";
        }
        int at = results.spec().lora().ranks().stream().filter(r -> r >= r90.median()).findFirst().orElseThrow();
        double params = results.trials().stream().filter(t -> t.method() == Method.LORA && t.config().equals(v.name())
                && t.rank() == at).mapToLong(TrialResult::trainableParams).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%,.0f (r = %d)", params, at);
    }

    /** The section: the comparison at equal budgets and the allocated ranks. */
    static void write(ReportDocument doc, ExperimentResults results) {
        doc.heading("Rank allocation");
        doc.paragraph("Energy allocation gives each target module a rank from the singular values of the same seed's "
                + "selected full fine-tuning update: every module starts at rank 1, then the module whose next singular "
                + "value adds the most sigma^2 per parameter gets one more rank, until the parameters of uniform rank r "
                + "are spent (PEFT's rank_pattern; each module's lora_alpha follows the alpha rule at its rank). It trains "
                + "with the same learning-rate search and selection as the uniform configuration. The difference is energy "
                + "minus uniform test fraction, with a 95% Student-t interval over seeds (`allocation.csv`).");
        doc.table(RankAllocations.comparison(results), ReportDocument.CellFormat.READABLE);
        doc.paragraph("The ranks allocated per module, budget and seed (`rank_allocation.csv`):");
        doc.table(RankAllocations.ranksTable(results), ReportDocument.CellFormat.READABLE);
    }
}
