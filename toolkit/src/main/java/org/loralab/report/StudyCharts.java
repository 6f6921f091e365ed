package org.loralab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.loralab.study.FractionEstimate;
import org.loralab.study.RankEstimate;
import org.loralab.study.StudyAxis;
import org.loralab.study.StudyValue;

/**
 * A study axis's figures: the task-level ranks against the value, the same relative to the sizes they count in, and
 * LoRA's fraction of full fine-tuning at the ranks every value swept; each point with its 95% interval as a bar.
 */
final class StudyCharts {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private static final String UNREACHED = "a triangle at the top edge: not reached in the median seed";

    private StudyCharts() {
    }

    /** @param values the axis's values, sorted by value */
    static List<Figure> of(StudyAxis axis, List<StudyValue> values, List<Integer> commonRanks) {
        String name = axis.name().replaceAll("[^A-Za-z0-9_-]", "_");
        List<Figure> out = new ArrayList<>();
        XYChart ranks = logChart("Task-level ranks by " + axis.name(), axis.key(), "median over seeds (log scale)");
        boolean subspace = values.stream().allMatch(v -> v.d90().isPresent());
        Function<StudyValue, RankEstimate> d90 = v -> v.d90().orElseThrow();
        double top = top(values, subspace ? List.of(StudyValue::r90, d90) : List.of(StudyValue::r90));
        addRanks(ranks, "LoRA r90", values, StudyValue::r90, COLORS[0], top);
        if (subspace) {
            addRanks(ranks, "random subspace d90", values, d90, COLORS[1], top);
        }
        out.add(Charts.figure(name + "-ranks", "r90 (and d90) by " + axis.key() + ": the median over seeds, bars the 95% "
                + "interval over seeds and test examples; a bar to the top edge: not reached in some resamples; " + UNREACHED
                + ".", ranks));

        XYChart relative = logChart("Ranks relative to what they count in, by " + axis.name(), axis.key(),
                "share (log scale)");
        Function<StudyValue, RankEstimate> energy = v -> new RankEstimate(v.energyRankRelative().mean(),
                v.energyRankRelative().low(), v.energyRankRelative().high(), 1, 1);
        Function<StudyValue, RankEstimate> d90Relative = v -> v.d90Relative().orElseThrow();
        double relativeTop = top(values, subspace ? List.of(StudyValue::r90Relative, energy, d90Relative)
                : List.of(StudyValue::r90Relative, energy));
        addRanks(relative, "r90 / module width", values, StudyValue::r90Relative, COLORS[0], relativeTop);
        addRanks(relative, "full update: energy_rank_90 / min(d, k)", values, energy, COLORS[2], relativeTop);
        if (subspace) {
            addRanks(relative, "d90 / parameters reached", values, d90Relative, COLORS[1], relativeTop);
        }
        out.add(Charts.figure(name + "-relative", "r90 relative to the module width, the full update's energy_rank_90 "
                + "relative to min(d, k), and d90 relative to the parameters the subspace reaches, by " + axis.key()
                + " (bars: 95% intervals; " + UNREACHED + ").", relative));

        XYChart fractions = Charts.chart("LoRA's share of full fine-tuning's improvement, by " + axis.name(), axis.key(),
                "fraction of full (test)");
        for (int i = 0; i < commonRanks.size(); i++) {
            int rank = commonRanks.get(i);
            List<double[]> points = values.stream().map(v -> {
                FractionEstimate f = v.fractions().get(rank);
                return new double[] {v.value(), f.mean(), f.low(), f.high()};
            }).toList();
            addWithBars(fractions, "r = " + rank, points, COLORS[i % COLORS.length], Double.NaN, false);
        }
        out.add(Charts.figure(name + "-fractions", "LoRA's test fraction of full fine-tuning's improvement at the ranks "
                + "every value swept, by " + axis.key() + " (mean over seeds; bars: 95% interval over seeds and test "
                + "examples).", fractions));
        return out;
    }

    /** Where a chart draws what is not reached: twice the largest finite median or bound of its series. */
    private static double top(List<StudyValue> values, List<Function<StudyValue, RankEstimate>> series) {
        return series.stream().flatMap(f -> values.stream().map(f)).flatMapToDouble(e -> java.util.stream.DoubleStream.of(
                e.median(), e.high())).filter(Double::isFinite).max().orElse(1) * 2;
    }

    private static void addRanks(XYChart chart, String label, List<StudyValue> values,
                                 Function<StudyValue, RankEstimate> of, Color color, double top) {
        List<double[]> points = values.stream().map(v -> {
            RankEstimate e = of.apply(v);
            return new double[] {v.value(), e.median(), e.low(), e.high()};
        }).filter(p -> Double.isFinite(p[1]) && p[1] > 0).toList();
        addWithBars(chart, label, points, color, top, true);
        // a value whose median seed never reaches 90% has no rank to draw; a marker at the top edge keeps it in view
        double[] unreached = values.stream().filter(v -> Double.isInfinite(of.apply(v).median()))
                .mapToDouble(StudyValue::value).toArray();
        if (unreached.length > 0) {
            double[] atTop = new double[unreached.length];
            java.util.Arrays.fill(atTop, Math.log10(top));
            XYSeries open = chart.addSeries(label + ": not reached (drawn at the top edge)", unreached, atTop);
            open.setLineStyle(SeriesLines.NONE);
            open.setMarker(SeriesMarkers.TRIANGLE_UP);
            open.setMarkerColor(color);
        }
    }

    /**
     * A chart whose y values are log10 of the data on a linear axis, labelled with the data's values: XChart's own log
     * axis labels only powers of ten, so a share between 0.2 and 0.5 would have no label at all.
     */
    private static XYChart logChart(String title, String x, String y) {
        XYChart chart = Charts.chart(title, x, y);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.format(java.util.Locale.ROOT, "%.3g",
                Math.pow(10, v)));
        return chart;
    }

    /**
     * A line through {x, y}, with a bar from low to high at each point (infinite highs drawn to {@code top}); with
     * {@code log}, every y as log10 (see {@link #logChart}).
     */
    private static void addWithBars(XYChart chart, String label, List<double[]> points, Color color, double top,
                                    boolean log) {
        if (points.isEmpty()) {
            return;
        }
        java.util.function.DoubleUnaryOperator y = log ? Math::log10 : v -> v;
        XYSeries line = chart.addSeries(label, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> y.applyAsDouble(p[1])).toArray());
        line.setLineColor(color);
        line.setMarkerColor(color);
        line.setMarker(SeriesMarkers.CIRCLE);
        for (double[] p : points) {
            double low = p[2];
            double high = Double.isInfinite(p[3]) ? top : p[3];
            if (!Double.isFinite(low) || !Double.isFinite(high) || (log && low <= 0)) {
                continue;
            }
            XYSeries bar = chart.addSeries(label + " interval at " + p[0], new double[] {p[0], p[0]},
                    new double[] {y.applyAsDouble(low), y.applyAsDouble(high)});
            bar.setLineColor(color);
            bar.setMarker(SeriesMarkers.NONE);
            bar.setShowInLegend(false);
        }
    }
}
