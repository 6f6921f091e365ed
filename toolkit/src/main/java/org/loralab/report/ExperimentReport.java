package org.loralab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.loralab.results.EqualBudget;
import org.loralab.results.UpdateRanksByModule;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraSweep;
import org.loralab.experiment.LoraVariant;
import org.loralab.format.ModuleName;
import org.loralab.results.AdapterComparison;
import org.loralab.results.ExperimentResults;
import org.loralab.results.Forgetting;
import org.loralab.results.RankAllocations;
import org.loralab.results.ResultTables;
import org.loralab.spectrum.RankMetric;
import org.loralab.task.TaskConfig;
import tech.tablesaw.api.Table;

/**
 * What an experiment report says: the verdict with the numbers behind it, the setup, the update
 * spectra, the rank sweep and the provenance. Builds the document and its figures; writes nothing.
 */
public final class ExperimentReport {
    private final ExperimentResults results;
    private final List<Figure> figures;
    private final Provenance provenance;

    /** @param provenance shown in the reproducibility block ({@link Provenance#NONE}: none) */
    public ExperimentReport(ExperimentResults results, Provenance provenance) {
        this.results = results;
        this.provenance = provenance;
        int plantedRank = results.spec().task().plantedRank();
        List<Figure> all = new ArrayList<>(List.of(SpectrumCharts.spectra(results, plantedRank), SpectrumCharts.truncationCurves(results),
                Charts.performanceVsRank(results), Charts.fractionVsRank(results)));
        if (results.spec().subspace().isPresent()) {
            all.add(Charts.fractionVsParameters(results));
        }
        if (Forgetting.measured(results)) {
            all.add(ForgettingSection.figure(results));
        }
        boolean grid = results.spec().lora().isGrid();
        for (AdapterComparison c : shownComparisons(results)) {
            all.add(HeatMaps.subspaceSimilarity(c.phi(), c.module(), "r = " + c.smallRank(), "r = " + c.largeRank(),
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

    /** The heat maps' names start with this ({@link HeatMaps#subspaceSimilarity}). */
    private static final String PHI_PREFIX = "phi-";

    private Figure figure(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The verdict: the answer, r90 with its spread over seeds, how robust it is (alpha rules, learning rates), one
     * sentence each ({@link VerdictLines}).
     */
    public List<String> verdict() {
        List<String> lines = new ArrayList<>(new VerdictLines(results).lines());
        lines.addAll(OtherMethodsSection.verdictLines(results));
        return lines;
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
                "Full fine-tuning: " + searched(spec.full(), spec.fullLearningRates()) + ".",
                "LoRA: " + describeGrid(spec.lora()) + (spec.lora().useRslora() ? ", rsLoRA scaling alpha / sqrt(r) for every"
                        + " numeric alpha" : "") + ", init " + spec.lora().init().name().toLowerCase(Locale.ROOT) + ", dropout "
                        + spec.lora().dropout() + (spec.lora().savedSets().size() == 1 && !spec.lora().savedSets().get(0).isEmpty()
                        ? ", modules to save " + spec.lora().savedSets().get(0) : "") + "; "
                        + searched(spec.lora().training(), spec.lora().learningRates()) + ".",
                "Truncation test: every full fine-tuning dW of a linear module replaced by its best rank-r approximation (biases "
                        + "and any other parameters, such as embeddings and LayerNorms, as fine-tuned), "
                        + "no training.",
                "Seeds " + spec.seeds() + ": " + ThreatsToValidity.seedScopeText(spec) + "; precision " + spec.precision().label() + "."));
        spec.others().forEach(o -> setup.add(setup.size() - 2, OtherMethodsSection.name(o) + ": "
                + searched(o.training(), o.learningRates()) + "."));
        doc.bullets(setup);

        doc.heading("The full fine-tuning update");
        doc.paragraph("Rank metrics of " + (task.plantedRank() > 0 ? "each planted update (`planted/...`) and " : "")
                + "the full fine-tuning update of every module "
                + "(`seed=<s>/...`). Definitions: energy_rank_t is the smallest k whose top-k singular values hold a share t "
                + "of sum sigma_i^2; stable rank is ||dW||_F^2 / ||dW||_2^2; relative_update is ||dW||_F / ||W0||_F.");
        doc.table(ResultTables.layers(results).removeColumns("rows", "cols", RankMetric.NUCLEAR_NORM.column(),
                RankMetric.SPECTRAL_NORM.column()), ReportDocument.CellFormat.READABLE);
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
        results.spec().subspace().ifPresent(sub -> IntrinsicDimensionSection.write(doc, results, sub,
                figure("fraction-vs-parameters")));

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
        doc.bullets(ReportFiles.described(results));
        doc.heading("Reproducibility");
        doc.code(provenance.toMap().entrySet().stream().filter(e -> !(e.getValue() instanceof Map))
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
        return doc;
    }

    /** The training settings, with the learning rates the search starts from. */
    private static String searched(org.loralab.train.TrainConfig t, List<Double> rates) {
        return String.format(java.util.Locale.ROOT, "%s, learning rate chosen from {%s} (%s schedule), weight decay %s, %d "
                        + "epochs, batch %d", t.optimizer().decoupled() ? "AdamW" : "Adam", ThreatsToValidity.rates(rates),
                t.schedule().name().toLowerCase(java.util.Locale.ROOT), t.optimizer().weightDecay(), t.epochs(), t.batchSize());
    }

    /** The grid's values, or the single configuration. */
    private static String describeGrid(LoraSweep lora) {
        String targets = lora.targetSets().stream().map(t -> t.label()).collect(Collectors.joining(", "));
        String alphas = lora.alphas().stream().map(a -> a.toString()).collect(Collectors.joining(", "));
        String allocations = lora.allocations().stream().map(a -> a.label()).collect(Collectors.joining(", "));
        if (!lora.isGrid()) {
            return "targets " + targets + ", alpha " + (alphas.equals("r") ? "= r (scaling 1)" : alphas)
                    + (allocations.equals("uniform") ? "" : ", rank allocation " + allocations);
        }
        String saved = lora.savedSets().size() < 2 ? "" : " x modules to save {" + lora.savedSets().stream()
                .map(LoraVariant::savedLabel).collect(Collectors.joining(", ")) + "}";
        String allocated = lora.allocations().size() < 2 ? "" : " x rank allocation {" + allocations + "}";
        return "a grid of " + lora.variants().size() + " configurations, targets {" + targets + "} x alpha {" + alphas
                + "}" + saved + allocated + " (alpha r means alpha = r, scaling 1; rs means scaling alpha / sqrt(r))";
    }

}
