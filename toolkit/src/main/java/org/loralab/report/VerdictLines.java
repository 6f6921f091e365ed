package org.loralab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.loralab.Numbers;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraSweep;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.results.ExperimentResults;
import org.loralab.results.MeanInterval;
import org.loralab.results.PairedBootstrap;
import org.loralab.results.Split;
import org.loralab.results.TaskRankSpread;
import org.loralab.results.TaskRanks;
import org.loralab.results.TrialResult;
import org.loralab.results.Verdict;
import org.loralab.spectrum.RankMetric;

/**
 * The verdict of an experiment's report, one sentence per line: the answer with the rank validation names, r90 with
 * its spread over seeds and its test-noise interval, the truncation test, and how robust the answer is (alpha rules,
 * learning rates, the grid, forgetting, rank allocation, the budget).
 */
final class VerdictLines {
    private final ExperimentResults results;

    VerdictLines(ExperimentResults results) {
        this.results = results;
    }

    /**
     * The verdict: the answer, r90 with its spread over seeds, how robust it is (alpha rules, learning rates), one
     * sentence each; per-module numbers are in the tables.
     */
    List<String> lines() {
        ExperimentSpec spec = results.spec();
        int rStar = spec.task().plantedRank();
        List<String> lines = new ArrayList<>();
        List<String> modules = rStar > 0 ? spec.task().plantedModules()
                : List.copyOf(spec.task().model().moduleShapes().keySet());
        List<Integer> e90 = modules.stream().flatMap(m -> results.fullUpdates(m).stream())
                .map(u -> u.metrics().energyRank90()).sorted().toList();
        boolean allRecovered = !e90.isEmpty() && e90.stream().allMatch(e -> e >= rStar && e <= 2 * rStar);
        if (!e90.isEmpty()) {
            String range = e90.get(0).equals(e90.get(e90.size() - 1)) ? "= " + e90.get(0)
                    : "= " + e90.get(0) + "-" + e90.get(e90.size() - 1) + " (median " + e90.get(e90.size() / 2) + ")";
            if (rStar > 0) {
                lines.add("Full fine-tuning updates of the planted modules: " + RankMetric.ENERGY_RANK_90.column() + " " + range
                        + " over " + e90.size() + " (module, seed) pairs, " + (allRecovered ? "all" : "not all") + " within [r*, 2r*] = ["
                        + rStar + ", " + 2 * rStar + "] (per module: `layers.csv`).");
            } else {
                int widest = spec.task().model().moduleShapes().values().stream().mapToInt(s -> Math.min(s[0], s[1])).max()
                        .orElse(0);
                lines.add("Full fine-tuning updates: " + RankMetric.ENERGY_RANK_90.column() + " " + range + " over " + e90.size()
                        + " (module, seed) pairs, against min(d, k) up to " + widest + " (per module: the tables below).");
            }
        }
        Verdict verdict = Verdict.of(results);
        LoraVariant best = verdict.configuration();
        boolean grid = verdict.fromGrid();
        lines.add(taskRanksLine("LoRA" + (grid ? " in configuration `" + best.name() + "` (chosen on validation: the "
                + "smallest median r90 there)" : ""), Method.LORA, best.name()));
        testNoiseLine(best).ifPresent(lines::add);
        lines.add(taskRanksLine("Truncation of the full update", Method.TRUNCATED, ""));
        List<Integer> ranks = spec.lora().ranks();
        int smallest = ranks.get(0);
        int compared = rStar > 0 ? rStar : ranks.get(ranks.size() - 1);
        lines.add(String.format(Locale.ROOT,
                "LoRA%s recovers %.1f%% of full fine-tuning's improvement at r = %d and %s at r = %s%d (mean over seeds).",
                grid ? " (`" + best.name() + "`)" : "", 100 * results.fractionOverSeeds(Method.LORA, best.name(), smallest).mean(),
                smallest, ranks.contains(compared)
                        ? String.format(Locale.ROOT, "%.1f%%", 100 * results.fractionOverSeeds(Method.LORA, best.name(), compared).mean())
                        : "(not swept)", rStar > 0 ? "r* = " : "", compared));
        TaskRankSpread r90 = verdict.r90();
        long fullParams = results.trials().stream().filter(t -> t.method() == Method.FULL).mapToLong(TrialResult::trainableParams)
                .findFirst().orElse(0);
        if (verdict.reached()) {
            int at = verdict.rank().getAsInt();
            long loraParams = results.trial(Method.LORA, best.name(), at, spec.seeds().get(0)).map(TrialResult::trainableParams)
                    .orElse(0L);
            lines.add(String.format(Locale.ROOT, "At r = %d (median r90 on validation), LoRA trains %,d parameters against "
                    + "%,d for full fine-tuning (%.2f%%).", at, loraParams, fullParams, 100.0 * loraParams / fullParams));
        }
        ForgettingSection.verdict(results, best, verdict.reportedRank())
                .ifPresent(lines::add);
        AllocationSection.verdict(results).ifPresent(lines::add);
        if (spec.subspace().isPresent()) {
            lines.add(IntrinsicDimensionSection.verdictLine(results, r90, best, verdict.rank().orElse(0)));
        }
        if (spec.lora().alphas().size() > 1) {
            lines.add(alphaLine());
        }
        if (spec.lora().learningRates().size() > 1) {
            lines.add(learningRateLine(best));
        }
        if (grid) {
            lines.add(gridLine());
        }
        new ThreatsToValidity(results).budgetLine().ifPresent(lines::add);
        lines.add(0, headline(verdict, allRecovered));
        return lines;
    }

    /**
     * The answer in one sentence. The rank it names is chosen on validation (median over seeds of the smallest rank
     * recovering 90% of full fine-tuning's validation improvement); the test set only reports what that rank recovers.
     */
    String headline(Verdict verdict, boolean spectraRecovered) {
        int rStar = results.spec().task().plantedRank();
        TaskRankSpread validationR90 = verdict.r90();
        String perSeed = String.join(", ", verdict.r90BySeed().stream().map(VerdictLines::show).toList());
        String configuration = verdict.fromGrid() ? "; configuration `" + verdict.configuration().name()
                + "`, chosen on validation" : "";
        if (rStar > 0) {
            boolean found = spectraRecovered && validationR90.reached() == validationR90.seeds() && validationR90.max() <= rStar;
            return "**" + (found ? "The update is low-rank and the toolkit finds its rank:" : "Mixed result; read the numbers:")
                    + "** the planted updates have rank " + rStar + "; LoRA's r90 on validation is " + perSeed
                    + " (per seed)" + configuration + ".";
        }
        if (!verdict.reached()) {
            return String.format(Locale.ROOT, "**No swept rank recovers 90%% of full fine-tuning's improvement** (on "
                    + "validation, in any seed; on test the largest rank, r = %d, recovers %s%s; metric: %s).",
                    verdict.reportedRank(), shareText(verdict.configuration().name(), verdict.reportedRank()),
                    configuration, metricName());
        }
        int at = verdict.rank().getAsInt();
        String seeds = validationR90.reached() == validationR90.seeds() ? "" : ", reached in " + validationR90.reachedText()
                + " seeds";
        return String.format(Locale.ROOT, "**LoRA at rank %d recovers 90%% of full fine-tuning's improvement** (r90 on "
                        + "validation: %s by seed, median %s%s; on test r = %d recovers %s%s; metric: %s).", at, perSeed,
                Numbers.compact(validationR90.median()), seeds, at,
                shareText(verdict.configuration().name(), at), configuration, metricName());
    }

    /**
     * The mean test fraction of LoRA in configuration {@code config} at {@code rank} with its 95% intervals: {@code 89.7%
     * (95% interval over seeds 85.1-94.3%, over test examples 87.9-91.4%)}; each part only where it is defined (one
     * seed has no interval over seeds; results without per-example scores none over test examples).
     */
    private String shareText(String config, int rank) {
        MeanInterval seeds = results.fractionOverSeeds(Method.LORA, config, rank);
        double[] noise = results.fractionTestIntervalOverSeeds(Method.LORA, config, rank);
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(seeds.low())) {
            parts.add(String.format(Locale.ROOT, "over seeds %.1f-%.1f%%", 100 * seeds.low(), 100 * seeds.high()));
        }
        if (!Double.isNaN(noise[0])) {
            parts.add(String.format(Locale.ROOT, "over test examples %.1f-%.1f%%", 100 * noise[0], 100 * noise[1]));
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * seeds.mean())
                + (parts.isEmpty() ? "" : " (95% interval " + String.join(", ", parts) + ")");
    }

    /**
     * What test noise allows: each swept rank's mean test fraction with its 95% interval over test examples, and which
     * ranks' intervals hold the 90% line (those are not distinguishable from it); empty without per-example scores.
     */
    private java.util.Optional<String> testNoiseLine(LoraVariant best) {
        List<Integer> ranks = results.spec().lora().ranks();
        List<String> shares = new ArrayList<>();
        List<String> straddle = new ArrayList<>();
        for (int r : ranks) {
            double[] noise = results.fractionTestIntervalOverSeeds(Method.LORA, best.name(), r);
            if (Double.isNaN(noise[0])) {
                return java.util.Optional.empty();
            }
            shares.add(String.format(Locale.ROOT, "r = %d: %.1f%% (%.1f-%.1f%%)", r,
                    100 * results.fractionOverSeeds(Method.LORA, best.name(), r).mean(), 100 * noise[0], 100 * noise[1]));
            if (noise[0] <= 0.90 && 0.90 <= noise[1]) {
                straddle.add("r = " + r);
            }
        }
        int examples = results.trials().stream().filter(t -> t.method() == Method.BASE).findFirst()
                .map(t -> t.testExamples().size()).orElse(0);
        String verdict = straddle.isEmpty() ? "the 90% line lies outside every rank's interval"
                : "the 90% line lies inside the interval of " + String.join(" and ", straddle) + ", so "
                + (straddle.size() == 1 ? "that rank is" : "those ranks are") + " not distinguishable from 90% at 95%";
        return java.util.Optional.of(String.format(Locale.ROOT, "Test noise (paired bootstrap over the %,d test examples, "
                + "%,d resamples, mean over seeds, 95%%): %s; %s.", examples, PairedBootstrap.RESAMPLES,
                String.join(", ", shares), verdict));
    }

    private String metricName() {
        return results.spec().task().metricName();
    }

    /** r90, r95, r99 of one curve, per seed. */
    private String taskRanksLine(String what, Method method, String config) {
        StringBuilder s = new StringBuilder(what).append(':');
        for (double f : TaskRanks.FRACTIONS) {
            List<String> perSeed = results.spec().seeds().stream().map(seed -> show(results.taskRank(method, config, f, seed)))
                    .toList();
            s.append(' ').append(TaskRanks.label(f)).append(" = ").append(String.join(", ", perSeed)).append(';');
        }
        s.setLength(s.length() - 1);
        return s + " (per seed, on test; smallest swept rank recovering that share of full fine-tuning's improvement).";
    }

    /** Median r90 of each alpha rule, per target set: does the verdict survive the scaling rule? */
    private String alphaLine() {
        LoraSweep lora = results.spec().lora();
        List<String> parts = new ArrayList<>();
        for (var targets : lora.targetSets()) {
            List<String> byRule = lora.variants().stream().filter(v -> v.targets().equals(targets))
                    .map(v -> "scaling " + v.alpha().scalingRule() + ": " + medianText(results.taskRankOverSeeds(Method.LORA,
                            v.name(), 0.90))).toList();
            parts.add((lora.targetSets().size() > 1 ? "targets " + targets.label() + ": " : "") + String.join(", ", byRule));
        }
        return "r90 by alpha rule (median over seeds): " + String.join("; ", parts) + ".";
    }

    /** r90 of the best configuration had each learning rate been used at every rank instead of the validation's choice. */
    private String learningRateLine(LoraVariant best) {
        List<String> parts = results.spec().lora().learningRates().stream().map(lr -> "lr " + Numbers.compact(lr) + ": "
                + medianText(results.taskRankAtLearningRate(best.name(), 0.90, lr))).toList();
        return "r90 with one learning rate for every rank instead of the validation set's choice (median over seeds"
                + (results.spec().lora().isGrid() ? ", `" + best.name() + "`" : "") + "): " + String.join(", ", parts) + ".";
    }

    private static String medianText(TaskRankSpread spread) {
        return spread.reached() == 0 ? "not reached" : Numbers.compact(spread.median())
                + (spread.reached() < spread.seeds() ? " (" + spread.reachedText() + " seeds)" : "");
    }

    /** How far apart the grid's configurations are in median r90. */
    private String gridLine() {
        List<LoraVariant> variants = results.spec().lora().variants();
        List<String> reached = new ArrayList<>();
        List<String> never = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        String loName = "";
        String hiName = "";
        for (LoraVariant v : variants) {
            TaskRankSpread r90 = results.taskRankOverSeeds(Method.LORA, v.name(), 0.90);
            if (r90.reached() == 0) {
                never.add("`" + v.name() + "`");
                continue;
            }
            reached.add(v.name());
            if (r90.median() < lo) {
                lo = r90.median();
                loName = v.name();
            }
            if (r90.median() > hi) {
                hi = r90.median();
                hiName = v.name();
            }
        }
        String s = "Across the " + variants.size() + " LoRA configurations of the grid, ";
        if (reached.size() == 1) {
            s += "only `" + loName + "` reaches r90 (median " + Numbers.compact(lo) + ")";
        } else if (!reached.isEmpty() && lo == hi) {
            s += "median r90 is " + Numbers.compact(lo) + " in each of the " + reached.size() + " that reach it";
        } else if (!reached.isEmpty()) {
            s += "median r90 ranges from " + Numbers.compact(lo) + " (`" + loName + "`) to " + Numbers.compact(hi) + " (`" + hiName
                    + "`)";
        }
        if (!never.isEmpty()) {
            s += (reached.isEmpty() ? "" : "; ") + "r90 is reached in no seed by " + String.join(", ", never);
        }
        return s + ".";
    }


    static String show(OptionalInt r) {
        return r.isPresent() ? String.valueOf(r.getAsInt()) : "not reached";
    }
}
