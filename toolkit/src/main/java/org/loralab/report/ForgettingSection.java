package org.loralab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.results.ExperimentResults;
import org.loralab.results.Forgetting;
import org.loralab.results.MeanInterval;
import org.loralab.results.TrialResult;

/**
 * The learn-forget part of a transfer task's report (Biderman et al. 2024, Fig. 1): how much of full fine-tuning's
 * gain each method recovers against how much of full fine-tuning's forgetting it incurs. Reported only: selection is
 * the validation target metric's, as everywhere else.
 */
final class ForgettingSection {
    static final String FIGURE = "learn-forget";

    private ForgettingSection() {
    }

    /** The learn-forget figure: one point per method and rank, means over seeds. */
    static Figure figure(ExperimentResults results) {
        XYChart chart = Charts.chart("Gain recovered against forgetting", "forgetting as a share of full fine-tuning's",
                "(m - m_base) / (m_full - m_base)");
        LoraVariant best = results.bestVariant();
        String lora = "lora" + (results.spec().lora().isGrid() ? " " + best.name() : "");
        addCurve(chart, results, lora, Method.LORA, best.name(), results.spec().lora().ranks(), true);
        addCurve(chart, results, Method.TRUNCATED.label(), Method.TRUNCATED, "", results.spec().lora().ranks(), false);
        results.spec().subspace().ifPresent(sub -> addCurve(chart, results, Method.SUBSPACE.label() + " (d)", Method.SUBSPACE,
                "", sub.dimensions(), false));
        point(chart, "base model", 0, 0, Color.GRAY);
        point(chart, "full fine-tuning", 1, 1, Color.BLACK);
        return Charts.figure(FIGURE, "Share of full fine-tuning's improvement on the target task (test) against forgetting "
                + "of the source task as a share of full fine-tuning's (1: forgets as much as full fine-tuning, 0: nothing; "
                + "means over seeds). LoRA points are labelled with their rank, truncation joined in rank order: up and to the left is better.", chart);
    }

    private static void point(XYChart chart, String name, double x, double y, Color color) {
        XYSeries s = chart.addSeries(name, new double[] {x}, new double[] {y});
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(color);
        s.setLineColor(color);
    }

    private static void addCurve(XYChart chart, ExperimentResults results, String label, Method method, String config,
                                 List<Integer> ranks, boolean labelled) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int r : ranks) {
            double forget = Forgetting.relativeOverSeeds(results, method, config, r).mean();
            double gain = results.fractionOverSeeds(method, config, r).mean();
            if (Double.isFinite(forget) && Double.isFinite(gain)) {
                x.add(forget);
                y.add(gain);
                if (labelled) {
                    chart.addAnnotation(new AnnotationText("  r=" + r, forget, gain, false));
                }
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = chart.addSeries(label, x, y);
            if (labelled) { // points labelled by rank: a line through them in rank order would cross itself
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
    }

    /**
     * The verdict line: what full fine-tuning forgets, what LoRA forgets at {@code rank} as a share of it, and whether
     * lower ranks forget less; empty when no source task was measured.
     */
    static Optional<String> verdict(ExperimentResults results, LoraVariant best, int rank) {
        if (!Forgetting.measured(results)) {
            return Optional.empty();
        }
        String name = results.spec().task().sourceMetricName().orElse("the source metric");
        double base = mean(results, Method.BASE, "", 0, t -> t.source().test());
        double full = mean(results, Method.FULL, "", 0, t -> t.source().test());
        String start = String.format(Locale.ROOT, "Forgetting (%s): full fine-tuning takes it from %.4g to %.4g (mean over "
                + "seeds)", name, base, full);
        MeanInterval at = Forgetting.relativeOverSeeds(results, Method.LORA, best.name(), rank);
        if (at.n() == 0) {
            return Optional.of(start + ", so no share of its forgetting is defined.");
        }
        List<String> byRank = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (int r : results.spec().lora().ranks()) {
            double share = Forgetting.relativeOverSeeds(results, Method.LORA, best.name(), r).mean();
            if (Double.isFinite(share)) {
                byRank.add(String.format(Locale.ROOT, "r = %d %.0f%%", r, 100 * share));
                shares.add(share);
            }
        }
        String interval = Double.isNaN(at.low()) ? "" : String.format(Locale.ROOT,
                " (95%% interval over seeds %.0f%% to %.0f%%)", 100 * at.low(), 100 * at.high());
        return Optional.of(String.format(Locale.ROOT, "%s; at r = %d LoRA%s forgets %.0f%% of what full fine-tuning "
                        + "forgets%s; by rank %s: %s.", start, rank, results.spec().lora().isGrid() ? " (`" + best.name() + "`)" : "",
                100 * at.mean(), interval, String.join(", ", byRank), trend(shares)));
    }

    /** Whether the shares grow with rank (lower ranks forget less), shrink, or neither. */
    private static String trend(List<Double> shares) {
        boolean rising = true;
        boolean falling = true;
        for (int i = 1; i < shares.size(); i++) {
            rising &= shares.get(i) >= shares.get(i - 1);
            falling &= shares.get(i) <= shares.get(i - 1);
        }
        return shares.size() < 2 ? "one rank only" : rising ? "lower ranks forget less" : falling
                ? "lower ranks forget more" : "forgetting is not monotone in rank";
    }

    private static double mean(ExperimentResults results, Method method, String config, int rank,
                               java.util.function.ToDoubleFunction<TrialResult> value) {
        return results.trials().stream().filter(t -> t.method() == method && t.config().equals(config) && t.rank() == rank
                && t.ok()).mapToDouble(value).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** The section: what is measured, the table, the figure. */
    static void write(ReportDocument doc, ExperimentResults results, Figure figure) {
        doc.heading("Learning and forgetting");
        doc.paragraph("What each method gives up of the task the base model was pretrained on (Biderman et al. 2024, "
                + "\"LoRA learns less and forgets less\"): the source metric is "
                + results.spec().task().sourceMetricSummary().orElseThrow() + ", measured after fine-tuning for every trial; "
                + "forgetting is the base model's source test metric minus the trial's (same seed), and forgetting_vs_full "
                + "its share of the selected full fine-tuning's. Selection ignores it (validation target metric, as "
                + "everywhere). Means over seeds; the interval is a 95% Student-t interval over seeds.");
        doc.table(Forgetting.table(results), ReportDocument.CellFormat.READABLE);
        doc.figure(figure);
    }
}
