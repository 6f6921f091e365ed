package org.loralab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.loralab.Numbers;
import org.loralab.analysis.EqualBudget;
import org.loralab.analysis.UpdateRanksByModule;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraSweep;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.format.ModuleName;
import org.loralab.results.AdapterComparison;
import org.loralab.results.ExperimentResults;
import org.loralab.results.Forgetting;
import org.loralab.results.RankAllocations;
import org.loralab.results.MeanInterval;
import org.loralab.results.PairedBootstrap;
import org.loralab.results.ResultTables;
import org.loralab.results.Split;
import org.loralab.results.TaskRankSpread;
import org.loralab.results.TaskRanks;
import org.loralab.results.TrialResult;
import org.loralab.spectrum.Metric;
import org.loralab.task.TaskConfig;
import tech.tablesaw.api.Table;

/**
 * What an experiment report says: the verdict with the numbers behind it, the setup, the update
 * spectra, the rank sweep and the provenance. Builds the document and its figures; writes nothing.
 */
public final class ExperimentReport {
    private final ExperimentResults results;
    private final List<Figure> figures;
    private final Map<String, Object> runInfo;

    /** @param runInfo provenance (see {@link RunInfo}), shown in the reproducibility block */
    public ExperimentReport(ExperimentResults results, Map<String, Object> runInfo) {
        this.results = results;
        this.runInfo = runInfo;
        int plantedRank = results.spec().task().plantedRank();
        List<Figure> all = new ArrayList<>(List.of(Charts.spectra(results, plantedRank), Charts.truncationCurves(results),
                Charts.performanceVsRank(results), Charts.fractionVsRank(results)));
        if (results.spec().subspace().isPresent()) {
            all.add(Charts.fractionVsParameters(results));
        }
        if (Forgetting.measured(results)) {
            all.add(ForgettingSection.figure(results));
        }
        boolean grid = results.spec().lora().isGrid();
        for (AdapterComparison c : shownComparisons(results)) {
            all.add(Charts.subspaceSimilarity(c.phi(), c.module(), "r = " + c.smallRank(), "r = " + c.largeRank(),
                    (grid ? "configuration " + c.config() + ", " : "") + "seed " + c.seed()));
        }
        this.figures = List.copyOf(all);
    }

    /**
     * The comparisons drawn as heat maps: those of the best configuration, in its deepest block (the paper shows layer
     * 48 of 96), at most four.
     */
    private static List<AdapterComparison> shownComparisons(ExperimentResults results) {
        if (results.adapterComparisons().isEmpty()) {
            return List.of();
        }
        String best = results.bestVariant().name();
        List<AdapterComparison> ofBest = results.adapterComparisons().stream().filter(c -> c.config().equals(best)).toList();
        int deepest = ofBest.stream().mapToInt(c -> ModuleName.of(c.module()).blockDepth()).max().orElse(-1);
        return ofBest.stream().filter(c -> ModuleName.of(c.module()).blockDepth() == deepest).limit(4).toList();
    }

    public List<Figure> figures() {
        return figures;
    }

    /** The heat maps' names start with this ({@link Charts#subspaceSimilarity}). */
    private static final String PHI_PREFIX = "phi-";

    private Figure figure(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The verdict: the answer, r90 with its spread over seeds, how robust it is (alpha rules, learning rates), one
     * sentence each; per-module numbers are in the tables.
     */
    public List<String> verdict() {
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
                lines.add("Full fine-tuning updates of the planted modules: " + Metric.ENERGY_RANK_90.column() + " " + range
                        + " over " + e90.size() + " (module, seed) pairs, " + (allRecovered ? "all" : "not all") + " within [r*, 2r*] = ["
                        + rStar + ", " + 2 * rStar + "] (per module: `layers.csv`).");
            } else {
                int widest = spec.task().model().moduleShapes().values().stream().mapToInt(s -> Math.min(s[0], s[1])).max()
                        .orElse(0);
                lines.add("Full fine-tuning updates: " + Metric.ENERGY_RANK_90.column() + " " + range + " over " + e90.size()
                        + " (module, seed) pairs, against min(d, k) up to " + widest + " (per module: the tables below).");
            }
        }
        LoraVariant best = results.bestVariant();
        boolean grid = spec.lora().isGrid();
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
        TaskRankSpread r90 = results.taskRankOverSeeds(Split.VALIDATION, Method.LORA, best.name(), 0.90);
        long fullParams = results.trials().stream().filter(t -> t.method() == Method.FULL).mapToLong(TrialResult::trainableParams)
                .findFirst().orElse(0);
        if (r90.reached() > 0) {
            int at = namedRank(r90);
            long loraParams = results.trial(Method.LORA, best.name(), at, spec.seeds().get(0)).map(TrialResult::trainableParams)
                    .orElse(0L);
            lines.add(String.format(Locale.ROOT, "At r = %d (median r90 on validation), LoRA trains %,d parameters against "
                    + "%,d for full fine-tuning (%.2f%%).", at, loraParams, fullParams, 100.0 * loraParams / fullParams));
        }
        ForgettingSection.verdict(results, best, r90.reached() > 0 ? namedRank(r90) : ranks.get(ranks.size() - 1))
                .ifPresent(lines::add);
        AllocationSection.verdict(results).ifPresent(lines::add);
        if (spec.subspace().isPresent()) {
            lines.add(intrinsicDimensionLine(r90, best));
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
        lines.add(0, headline(best, r90, allRecovered));
        return lines;
    }

    /** The swept rank a verdict names for a median r90: the smallest swept rank at or above it. */
    private int namedRank(TaskRankSpread r90) {
        return results.spec().lora().ranks().stream().filter(r -> r >= r90.median()).findFirst().orElseThrow();
    }

    /**
     * The answer in one sentence. The rank it names is chosen on validation (median over seeds of the smallest rank
     * recovering 90% of full fine-tuning's validation improvement); the test set only reports what that rank recovers.
     */
    String headline(LoraVariant best, TaskRankSpread validationR90, boolean spectraRecovered) {
        ExperimentSpec spec = results.spec();
        int rStar = spec.task().plantedRank();
        boolean grid = spec.lora().isGrid();
        String perSeed = String.join(", ", spec.seeds().stream()
                .map(seed -> show(results.taskRank(Split.VALIDATION, Method.LORA, best.name(), 0.90, seed))).toList());
        String configuration = grid ? "; configuration `" + best.name() + "`, chosen on validation" : "";
        if (rStar > 0) {
            boolean found = spectraRecovered && validationR90.reached() == validationR90.seeds() && validationR90.max() <= rStar;
            return "**" + (found ? "The update is low-rank and the toolkit finds its rank:" : "Mixed result; read the numbers:")
                    + "** the planted updates have rank " + rStar + "; LoRA's r90 on validation is " + perSeed
                    + " (per seed)" + configuration + ".";
        }
        if (validationR90.reached() == 0) {
            int largest = spec.lora().ranks().get(spec.lora().ranks().size() - 1);
            return String.format(Locale.ROOT, "**No swept rank recovers 90%% of full fine-tuning's improvement** (on "
                    + "validation, in any seed; on test the largest rank, r = %d, recovers %s%s; metric: %s).", largest,
                    shareText(best.name(), largest), configuration,
                    metricName());
        }
        int at = namedRank(validationR90);
        String seeds = validationR90.reached() == validationR90.seeds() ? "" : ", reached in " + validationR90.reachedText()
                + " seeds";
        return String.format(Locale.ROOT, "**LoRA at rank %d recovers 90%% of full fine-tuning's improvement** (r90 on "
                        + "validation: %s by seed, median %s%s; on test r = %d recovers %s%s; metric: %s).", at, perSeed,
                Numbers.compact(validationR90.median()), seeds, at,
                shareText(best.name(), at), configuration, metricName());
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

    /** d90 per seed and over seeds, beside the parameters LoRA trains at its median r90: is LoRA near it? */
    private String intrinsicDimensionLine(TaskRankSpread loraR90, LoraVariant best) {
        ExperimentSpec spec = results.spec();
        List<Integer> dims = spec.subspace().orElseThrow().dimensions();
        List<String> perSeed = spec.seeds().stream().map(seed -> show(results.taskRank(Method.SUBSPACE, "", 0.90, seed)))
                .toList();
        TaskRankSpread d90 = results.taskRankOverSeeds(Method.SUBSPACE, "", 0.90);
        StringBuilder s = new StringBuilder("Random-subspace training (intrinsic dimension): d90 = ")
                .append(String.join(", ", perSeed)).append(" (per seed");
        if (d90.reached() == 0) {
            int largest = dims.get(dims.size() - 1);
            return s.append(String.format(Locale.ROOT, "; no swept dimension reaches 90%%, d = %d recovers %.1f%%).",
                    largest, 100 * results.fractionOverSeeds(Method.SUBSPACE, "", largest).mean())).toString();
        }
        s.append(String.format(Locale.ROOT, "; median %s, range %d-%d, reached in %s)", Numbers.compact(d90.median()),
                d90.min(), d90.max(), d90.reachedText()));
        if (loraR90.reached() > 0) {
            int at = namedRank(loraR90);
            long loraParams = results.trial(Method.LORA, best.name(), at, spec.seeds().get(0))
                    .map(TrialResult::trainableParams).orElse(0L);
            s.append(String.format(Locale.ROOT, "; LoRA at its median r90 on validation = %d trains %,d parameters, %.2g times d90",
                    at, loraParams, loraParams / d90.median()));
        }
        return s.append('.').toString();
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

    /** What was chosen and how, what was not controlled: so that a reader can judge the verdict. */
    public List<String> threatsToValidity() {
        return new ThreatsToValidity(results).lines();
    }

    public ReportDocument document() {
        ExperimentSpec spec = results.spec();
        TaskConfig task = spec.task();
        ReportDocument doc = new ReportDocument("LoRA Lab report: " + spec.name());
        doc.paragraph("Does the weight update of fine-tuning, dW = W' - W, live in a low-rank subspace? " + (task.plantedRank() > 0
                ? "This experiment plants the answer: a teacher network is the base network W0 plus updates dW* of known rank"
                        + " r* = " + task.plantedRank() + " in " + task.plantedModules() + "; a student starts from W0 and"
                        + " fine-tunes on the teacher's outputs, fully and with LoRA at ranks " + spec.lora().ranks() + ". "
                : "This experiment fine-tunes a pretrained model on a new task, fully and with LoRA at ranks "
                        + spec.lora().ranks() + ", and measures how much of full fine-tuning's improvement each rank recovers. ")
                + (spec.description().isEmpty() ? "" : spec.description()));
        doc.heading("Verdict");
        doc.bullets(verdict());
        doc.heading("Threats to validity");
        doc.bullets(threatsToValidity());

        doc.heading("Setup");
        List<String> setup = new ArrayList<>(List.of(
                "Model: " + task.model().describe() + "; modules " + task.model().moduleShapes().keySet() + ".",
                "Task: " + task.summary()));
        setup.addAll(results.taskNotes());
        setup.addAll(List.of(
                "Metric m = " + task.metricSummary(),
                "Full fine-tuning: " + describe(spec.full()).replaceFirst("learning rate [^ ]+ ", "learning rate chosen from {"
                        + ThreatsToValidity.rates(spec.fullLearningRates()) + "} ") + ".",
                "LoRA: " + describeGrid(spec.lora()) + (spec.lora().useRslora() ? ", rsLoRA scaling alpha / sqrt(r) for every"
                        + " numeric alpha" : "") + ", init " + spec.lora().init().name().toLowerCase(Locale.ROOT) + ", dropout "
                        + spec.lora().dropout() + (spec.lora().savedSets().size() == 1 && !spec.lora().savedSets().get(0).isEmpty()
                        ? ", modules to save " + spec.lora().savedSets().get(0) : "") + "; " + describe(spec.lora().training())
                        .replaceFirst("learning rate [^ ]+ ", "learning rate chosen from {" + ThreatsToValidity.rates(spec.lora().learningRates())
                                + "} ") + ".",
                "Truncation test: every full fine-tuning dW of a linear module replaced by its best rank-r approximation (biases "
                        + "and any other parameters, such as embeddings and LayerNorms, as fine-tuned), "
                        + "no training.",
                "Seeds " + spec.seeds() + ": " + ThreatsToValidity.seedScopeText(spec) + "; precision " + spec.precision().label() + "."));
        doc.bullets(setup);

        doc.heading("The full fine-tuning update");
        doc.paragraph("Rank metrics of " + (task.plantedRank() > 0 ? "each planted update (`planted/...`) and " : "")
                + "the full fine-tuning update of every module "
                + "(`seed=<s>/...`). Definitions: energy_rank_t is the smallest k whose top-k singular values hold a share t "
                + "of sum sigma_i^2; stable rank is ||dW||_F^2 / ||dW||_2^2; relative_update is ||dW||_F / ||W0||_F.");
        doc.table(ResultTables.layers(results).removeColumns("rows", "cols", Metric.NUCLEAR_NORM.column(),
                Metric.SPECTRAL_NORM.column()), ReportDocument.CellFormat.READABLE);
        Table byModule = UpdateRanksByModule.table(results);
        if (byModule.rowCount() > 0) {
            doc.paragraph("By module type and depth (medians over seeds): does the update's rank differ between attention "
                    + "projections and the MLP, or between early and late blocks?");
            doc.table(byModule, ReportDocument.CellFormat.READABLE);
        }
        doc.figure(figure("spectrum"));
        doc.figure(figure("truncation"));

        doc.heading("LoRA rank sweep and truncation test");
        if (spec.lora().isGrid()) {
            doc.paragraph("The grid: each LoRA configuration trained at every rank and seed. r90 and r95 are medians over the "
                    + "seeds that reached them; fraction_at_r is the mean fraction of full fine-tuning's improvement at the "
                    + "smallest and largest rank.");
            doc.table(ResultTables.configs(results), ReportDocument.CellFormat.READABLE);
        }
        doc.paragraph("Learning-rate searches, over seeds: how often the validation set chose each rate, and the mean "
                + "validation and test metrics at each (close means: a flat search).");
        doc.table(ResultTables.learningRates(results), ReportDocument.CellFormat.READABLE);
        doc.paragraph("The selected trials: mean over seeds with a 95% Student-t interval (test metric); fraction_of_full = "
                + "(m - m_base) / (m_full - m_base).");
        doc.table(ResultTables.summary(results), ReportDocument.CellFormat.READABLE);
        doc.paragraph("Task-level ranks per seed: r_t is the smallest swept rank with m(r) - m_base >= t (m_full - m_base); "
                + "empty means not reached.");
        doc.table(ResultTables.taskRanks(results), ReportDocument.CellFormat.READABLE);
        doc.paragraph("Over seeds: in how many seeds each share was reached, and the median, smallest and largest such rank.");
        doc.table(ResultTables.taskRanksSummary(results), ReportDocument.CellFormat.READABLE);
        doc.figure(figure(results.spec().task().metricIsMinusLoss() ? "loss-vs-rank" : "metric-vs-rank"));
        doc.figure(figure("fraction-vs-rank"));
        results.spec().subspace().ifPresent(sub -> {
            doc.heading("Intrinsic dimension");
            var model = results.spec().task().model();
            List<String> moved = sub.modules(model);
            String where = moved.size() == model.moduleShapes().size() ? "every linear module"
                    : "the modules " + String.join(", ", moved);
            doc.paragraph("Training only theta_d in theta = theta_0 + P theta_d, with P a fixed random projection ("
                    + sub.projection().description() + ") onto the D = "
                    + String.format(Locale.ROOT, "%,d", sub.parameters(model)) + " weights and biases of " + where
                    + (sub.said() ? " and SAID's per-tensor scales" : "") + " (Li et al. 2018). d90 is the smallest swept "
                    + "dimension d recovering 90% of full fine-tuning's improvement on the test set; its learning rate, "
                    + "from {" + ThreatsToValidity.rates(sub.learningRates()) + "}, is chosen on validation per dimension and seed "
                    + "(`intrinsic_dimension.csv`).");
            doc.table(ResultTables.intrinsicDimension(results), ReportDocument.CellFormat.READABLE);
            doc.figure(figure("fraction-vs-parameters"));
        });

        if (Forgetting.measured(results)) {
            ForgettingSection.write(doc, results, figure(ForgettingSection.FIGURE));
        }
        if (!RankAllocations.pairs(spec).isEmpty()) {
            AllocationSection.write(doc, results);
        }

        Table budget = EqualBudget.table(results);
        if (budget.rowCount() > 0) {
            doc.heading("Equal parameter budget");
            doc.paragraph("Target sets compared at the same number of trainable parameters (as Table 5 of the LoRA paper): "
                    + "is it better to adapt few modules at a higher rank or many at a lower one? Means over seeds.");
            doc.table(budget, ReportDocument.CellFormat.READABLE);
        }
        if (!results.adapterComparisons().isEmpty()) {
            AdapterComparison first = results.adapterComparisons().get(0);
            int s = first.smallRank();
            int l = first.largeRank();
            doc.heading("Adapters at r = " + s + " and r = " + l);
            doc.paragraph("Subspace similarity of the right singular vectors of A (input directions) of adapters trained at "
                    + "r = " + s + " and r = " + l + " (seed " + first.seed() + "), as Figure 3 of the LoRA paper: "
                    + "phi(i, j) = ||V_s[:, :i]^T V_L[:, :j]||_F^2 / min(i, j). phi_1_1 near 1 means both found the same top "
                    + "direction; phi_s_L is the share of the r = " + s + " subspace inside the r = " + l + " one (a random "
                    + "subspace would give about " + l + " / in_features).");
            doc.table(AdapterComparison.summaryTable(results.adapterComparisons()), ReportDocument.CellFormat.READABLE);
            figures.stream().filter(f -> f.name().startsWith(PHI_PREFIX)).forEach(doc::figure);
        }

        doc.heading("Files");
        doc.bullets(List.of("`trials.csv`: one row per evaluated model, every learning rate of every search (method, LoRA "
                        + "configuration, targets, alpha, scaling, learning rate, rank, seed, parameters, epochs kept, losses, "
                        + "validation and test metric, whether selected, status); `learning_rates.csv`: the searches.",
                "`layers.csv`: rank metrics of every update; `spectrum.csv`: all singular values; "
                        + "`truncation.csv`: e(r) of every update.",
                "`update_ranks_by_module.csv`, `equal_budget.csv`, `forgetting.csv`, `allocation.csv`, "
                        + "`rank_allocation.csv`, `subspace.csv` (every phi(i, j)): the tables above, where they apply; transfer tasks add each trial's source metrics and forgetting to "
                        + "`trials.csv`.",
                "`.jobs/<job>.adapter/`: every trained LoRA adapter as a PEFT folder (adapter_config.json and "
                        + "adapter_model.safetensors), loadable with PEFT's `PeftModel.from_pretrained`.",
                "`figures/*.png` and `figures/*.svg`; `run.json`: provenance and durations."));
        doc.heading("Reproducibility");
        doc.code(runInfo.entrySet().stream().filter(e -> !(e.getValue() instanceof Map))
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
        return doc;
    }

    private static String describe(org.loralab.train.TrainConfig t) {
        return String.format(java.util.Locale.ROOT, "%s, learning rate %s (%s schedule), weight decay %s, %d epochs, batch %d",
                t.optimizer().decoupled() ? "AdamW" : "Adam", t.optimizer().learningRate(),
                t.schedule().name().toLowerCase(), t.optimizer().weightDecay(), t.epochs(), t.batchSize());
    }

    /** The grid's values, or the single configuration. */
    private static String describeGrid(LoraSweep lora) {
        String targets = lora.targetSets().stream().map(t -> t.label()).collect(Collectors.joining(", "));
        String alphas = lora.alphas().stream().map(a -> a.toString()).collect(Collectors.joining(", "));
        if (!lora.isGrid()) {
            return "targets " + targets + ", alpha " + (alphas.equals("r") ? "= r (scaling 1)" : alphas);
        }
        String saved = lora.savedSets().size() < 2 ? "" : " x modules to save {" + lora.savedSets().stream()
                .map(LoraVariant::savedLabel).collect(Collectors.joining(", ")) + "}";
        return "a grid of " + lora.variants().size() + " configurations, targets {" + targets + "} x alpha {" + alphas
                + "}" + saved + " (alpha r means alpha = r, scaling 1; rs means scaling alpha / sqrt(r))";
    }

    private static String joined(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String show(OptionalInt r) {
        return r.isPresent() ? String.valueOf(r.getAsInt()) : "not reached";
    }
}
