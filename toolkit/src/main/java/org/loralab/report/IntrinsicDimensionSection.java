package org.loralab.report;

import java.util.List;
import java.util.Locale;
import org.loralab.Numbers;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.experiment.SubspaceSweep;
import org.loralab.results.ExperimentResults;
import org.loralab.results.ResultTables;
import org.loralab.results.TaskRankSpread;
import org.loralab.results.TrialResult;

/** The random subspace's part of a report: its verdict line (d90 beside LoRA's parameters) and its section. */
final class IntrinsicDimensionSection {
    private IntrinsicDimensionSection() {
    }

    /**
     * d90 per seed and over seeds, beside the parameters LoRA trains at its median r90 ({@code namedRank}, the swept rank
     * the verdict names): is LoRA near it?
     */
    static String verdictLine(ExperimentResults results, TaskRankSpread loraR90, LoraVariant best, int namedRank) {
        ExperimentSpec spec = results.spec();
        List<Integer> dims = spec.subspace().orElseThrow().dimensions();
        List<String> perSeed = spec.seeds().stream().map(seed -> VerdictLines.show(results.taskRank(Method.SUBSPACE, "", 0.90, seed)))
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
            int at = namedRank;
            long loraParams = results.trial(Method.LORA, best.name(), at, spec.seeds().get(0))
                    .map(TrialResult::trainableParams).orElse(0L);
            s.append(String.format(Locale.ROOT, "; LoRA at its median r90 on validation = %d trains %,d parameters, %.2g times d90",
                    at, loraParams, loraParams / d90.median()));
        }
        return s.append('.').toString();
    }

    /** The section: what trains, the per-dimension table, the figure of fraction against parameters. */
    static void write(ReportDocument doc, ExperimentResults results, SubspaceSweep sub, Figure figure) {
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
        doc.figure(figure);
    }
}
