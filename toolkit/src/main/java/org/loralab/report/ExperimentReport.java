package org.loralab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.loralab.task.TaskConfig;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.sweep.ExperimentResults;
import org.loralab.sweep.ExperimentSpec;
import org.loralab.sweep.Method;
import org.loralab.sweep.TaskRanks;
import org.loralab.sweep.TrialResult;

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
        this.figures = List.of(Charts.spectra(results, plantedRank), Charts.truncationCurves(results),
                Charts.performanceVsRank(results), Charts.fractionVsRank(results));
    }

    public List<Figure> figures() {
        return figures;
    }

    private Figure figure(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** The verdict, one sentence per finding, each with its numbers. */
    public List<String> verdict() {
        ExperimentSpec spec = results.spec();
        int rStar = spec.task().plantedRank();
        List<String> lines = new ArrayList<>();
        boolean allRecovered = true;
        List<String> modules = rStar > 0 ? spec.task().plantedModules()
                : List.copyOf(spec.task().model().moduleShapes().keySet());
        for (String module : modules) {
            List<UpdateSpectrum> updates = results.fullUpdates(module);
            List<Integer> e90 = updates.stream().map(u -> u.metrics().energyRank90()).toList();
            String line = "Full fine-tuning update of `" + module + "`: energy_rank_90 = " + joined(e90) + " over seeds "
                    + spec.seeds();
            if (rStar > 0) {
                boolean recovered = !e90.isEmpty() && e90.stream().allMatch(e -> e >= rStar && e <= 2 * rStar);
                allRecovered &= recovered;
                line += " (planted rank r* = " + rStar + "; " + (recovered ? "within" : "outside") + " [r*, 2r*] = ["
                        + rStar + ", " + 2 * rStar + "])";
            } else {
                int[] shape = spec.task().model().moduleShapes().get(module);
                line += " (of min(d, k) = " + Math.min(shape[0], shape[1]) + ")";
            }
            lines.add(line + ".");
        }
        for (Method m : List.of(Method.LORA, Method.TRUNCATED)) {
            StringBuilder s = new StringBuilder(m == Method.LORA ? "LoRA" : "Truncation of the full update").append(':');
            for (double f : TaskRanks.FRACTIONS) {
                List<String> perSeed = spec.seeds().stream().map(seed -> show(results.taskRank(m, f, seed))).toList();
                s.append(" r").append(Math.round(f * 100)).append(" = ").append(String.join(", ", perSeed)).append(';');
            }
            s.setLength(s.length() - 1);
            lines.add(s + " (per seed; smallest swept rank recovering that share of full fine-tuning's improvement).");
        }
        List<Integer> ranks = spec.lora().ranks();
        int smallest = ranks.get(0);
        int compared = rStar > 0 ? rStar : ranks.get(ranks.size() - 1);
        lines.add(String.format(java.util.Locale.ROOT,
                "LoRA recovers %.1f%% of full fine-tuning's improvement at r = %d and %s at r = %s%d (mean over seeds).",
                100 * results.fractionOverSeeds(Method.LORA, smallest).mean(), smallest,
                ranks.contains(compared)
                        ? String.format(java.util.Locale.ROOT, "%.1f%%", 100 * results.fractionOverSeeds(Method.LORA, compared).mean())
                        : "(not swept)", rStar > 0 ? "r* = " : "", compared));
        long fullParams = results.trials().stream().filter(t -> t.method() == Method.FULL).mapToLong(TrialResult::trainableParams)
                .findFirst().orElse(0);
        OptionalInt r90 = results.taskRank(Method.LORA, 0.90, spec.seeds().get(0));
        if (r90.isPresent()) {
            long loraParams = results.trial(Method.LORA, r90.getAsInt(), spec.seeds().get(0)).map(TrialResult::trainableParams)
                    .orElse(0L);
            lines.add(String.format(java.util.Locale.ROOT, "At r90 = %d, LoRA trains %,d parameters against %,d for full "
                    + "fine-tuning (%.2f%%).", r90.getAsInt(), loraParams, fullParams, 100.0 * loraParams / fullParams));
        }
        if (rStar > 0) {
            lines.add(0, "**" + (allRecovered && r90.isPresent() && r90.getAsInt() <= rStar
                    ? "The update is low-rank and the toolkit finds its rank:" : "Mixed result; read the numbers:")
                    + "** the planted updates have rank " + rStar + ".");
        } else {
            lines.add(0, "**" + (r90.isPresent() ? "LoRA at rank " + r90.getAsInt() + " recovers 90% of full fine-tuning's"
                    + " improvement" : "No swept rank recovers 90% of full fine-tuning's improvement") + "** (seed "
                    + spec.seeds().get(0) + "; metric: " + spec.task().metricSummary().replace(" (higher is better).", "")
                    + ").");
        }
        return lines;
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

        doc.heading("Setup");
        doc.bullets(List.of(
                "Model: MLP " + task.model().inputSize() + " -> " + task.model().hiddenSizes() + " -> "
                        + task.model().outputSize() + ", " + task.model().activation().name().toLowerCase() + "; modules "
                        + task.model().moduleShapes().keySet() + ".",
                "Task: " + task.summary(),
                "Metric m = " + task.metricSummary(),
                "Full fine-tuning: " + describe(spec.full()) + ".",
                "LoRA: targets " + spec.lora().targets() + ", alpha " + (spec.lora().alpha() == null ? "= r (scaling 1)"
                        : spec.lora().alpha()) + (spec.lora().useRslora() ? " (rsLoRA)" : "") + ", init "
                        + spec.lora().init().name().toLowerCase() + ", dropout " + spec.lora().dropout()
                        + (spec.lora().modulesToSave().isEmpty() ? "" : ", modules to save " + spec.lora().modulesToSave())
                        + "; " + describe(spec.lora().training()) + ".",
                "Truncation test: every full fine-tuning dW replaced by its best rank-r approximation (biases as fine-tuned), "
                        + "no training.",
                "Seeds " + spec.seeds() + " (minibatch order and adapter initialisation); precision " + spec.precision().label() + "."));

        doc.heading("The full fine-tuning update");
        doc.paragraph("Rank metrics of " + (task.plantedRank() > 0 ? "each planted update (`planted/...`) and " : "")
                + "the full fine-tuning update of every module "
                + "(`seed=<s>/...`). Definitions: energy_rank_t is the smallest k whose top-k singular values hold a share t "
                + "of sum sigma_i^2; stable rank is ||dW||_F^2 / ||dW||_2^2; relative_update is ||dW||_F / ||W0||_F.");
        doc.table(results.layersTable().removeColumns("rows", "cols", "nuclear_norm", "spectral_norm"), ReportDocument.CellFormat.READABLE);
        doc.figure(figure("spectrum"));
        doc.figure(figure("truncation"));

        doc.heading("LoRA rank sweep and truncation test");
        doc.paragraph("Mean over seeds with a 95% Student-t interval; fraction_of_full = (m - m_base) / (m_full - m_base).");
        doc.table(results.summaryTable(), ReportDocument.CellFormat.READABLE);
        doc.paragraph("Task-level ranks per seed: r_t is the smallest swept rank with m(r) - m_base >= t (m_full - m_base); "
                + "empty means not reached.");
        doc.table(results.taskRanksTable(), ReportDocument.CellFormat.READABLE);
        doc.paragraph("Over seeds: in how many seeds each share was reached, and the median, smallest and largest such rank.");
        doc.table(results.taskRanksSummaryTable(), ReportDocument.CellFormat.READABLE);
        doc.figure(figures.get(2));
        doc.figure(figure("fraction-vs-rank"));

        doc.heading("Files");
        doc.bullets(List.of("`trials.csv`: one row per evaluated model (method, rank, seed, parameters, losses, metric).",
                "`layers.csv`: rank metrics of every update; `spectrum.csv`: all singular values; "
                        + "`truncation.csv`: e(r) of every update.",
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

    private static String joined(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String show(OptionalInt r) {
        return r.isPresent() ? String.valueOf(r.getAsInt()) : "not reached";
    }
}
