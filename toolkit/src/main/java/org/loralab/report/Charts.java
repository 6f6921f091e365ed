package org.loralab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.results.ExperimentResults;
import org.loralab.results.TrialResult;
import org.loralab.results.MeanInterval;
import org.loralab.spectrum.SubspaceSimilarity;

/** The standard figures of an experiment report, built from its results. */
public final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;
    static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private Charts() {
    }

    /**
     * Legends with more entries than this, or too wide for one row, move to one column at the right (one row below would
     * run off the figure).
     */
    static final int LEGEND_ROW_LIMIT = 5;

    /** An XY chart that grows to hold its legend when it has many series (XChart keeps the size setters protected). */
    static final class LegibleChart extends XYChart {
        LegibleChart(String title, String x, String y) {
            super(WIDTH, HEIGHT);
            setTitle(title);
            setXAxisTitle(x);
            setYAxisTitle(y);
        }

        /** With many series: the legend in one column at the right, the figure widened and heightened to hold it. */
        void fitLegend() {
            List<String> shown = getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).map(s -> s.getName())
                    .toList();
            int n = shown.size();
            if (n <= LEGEND_ROW_LIMIT && rowWidth(shown) <= WIDTH) {
                return;
            }
            int longest = shown.stream().mapToInt(String::length).max().orElse(0);
            getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
            setWidth(WIDTH + 7 * longest + 60); // about 7 pixels a character at the legend's font size
            setHeight(Math.max(HEIGHT, 20 * n + 160));
        }
    }

    /** About how wide a legend of {@code names} is in one row: 7 pixels a character and 45 for each entry's marker. */
    static int rowWidth(List<String> names) {
        return names.stream().mapToInt(name -> 7 * name.length() + 45).sum();
    }

    /** A figure of an XY chart, its legend fitted first. */
    public static Figure figure(String name, String caption, XYChart chart) {
        if (chart instanceof LegibleChart legible) {
            legible.fitLegend();
        }
        return new Figure(name, caption, chart);
    }

    /** A white XY chart with the legend below, the style of every report figure. */
    public static XYChart chart(String title, String x, String y) {
        XYChart chart = new LegibleChart(title, x, y);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    /** Reference lines (base, full, 90% of full): thick enough to read, in colours no data series uses. */
    private static final BasicStroke REFERENCE = new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {9f, 5f}, 0f);

    /** A horizontal dashed reference line at height {@code y} through the points {@code x}. */
    private static void referenceLine(XYChart chart, String name, double[] x, double y, Color color) {
        double[] level = new double[x.length];
        java.util.Arrays.fill(level, y);
        XYSeries line = chart.addSeries(name, x, level);
        line.setLineStyle(REFERENCE);
        line.setLineColor(color);
        line.setMarker(SeriesMarkers.NONE);
    }

    /**
     * A rank axis on a log scale, labelled at the powers of two (which hold the usual swept ranks): the x values are
     * log2(r) (see {@link #rankX}); XChart's own log axis labels only the powers of ten. XChart puts its ticks at the
     * data's x values when those, in the order the series were added, are equally spaced: the chart's first series must
     * run over {@link #rankTicks}. Its labels must be distinct (XChart retries until they are): 2^x, to three digits off
     * the integer positions.
     */
    private static void rankAxis(XYChart chart) {
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            double rank = Math.pow(2, x);
            return Math.abs(rank - Math.rint(rank)) < 1e-9 ? String.valueOf(Math.round(rank))
                    : String.format(java.util.Locale.ROOT, "%.3g", rank);
        });
    }

    /** log2 of every power of two from the smallest swept rank's to the largest's, inclusive. */
    private static double[] rankTicks(List<Integer> ranks) {
        int from = (int) Math.floor(rankX(ranks.get(0)));
        int to = (int) Math.ceil(rankX(ranks.get(ranks.size() - 1)));
        return IntStream.rangeClosed(from, to).asDoubleStream().toArray();
    }

    /** Where rank {@code r} lies on a {@link #rankAxis}. */
    static double rankX(int r) {
        return Math.log(r) / Math.log(2);
    }

    /**
     * The task metric against rank: the test loss (log scale) where the metric is minus a loss (planted-rank),
     * else the metric itself ({@code metric-vs-rank}, for example test accuracy).
     */
    public static Figure performanceVsRank(ExperimentResults results) {
        return results.spec().task().metricIsMinusLoss() ? lossVsRank(results) : metricVsRank(results);
    }

    private static Figure metricVsRank(ExperimentResults results) {
        String metric = results.spec().task().metricName();
        XYChart chart = chart("Task metric against rank", "rank r (log scale)", metric);
        rankAxis(chart);
        addBaseAndFull(chart, results, m -> m);
        addRankCurves(chart, results, m -> m);
        return figure("metric-vs-rank", "Task metric (" + metric + ") of LoRA at rank r and of the fully fine-tuned model"
                + " truncated to rank r (mean over seeds, bars: 95% interval); dashed: base model and full fine-tuning.", chart);
    }

    private static void addBaseAndFull(XYChart chart, ExperimentResults results, ToDoubleFunction<Double> fromMetric) {
        double[] ends = rankTicks(results.spec().lora().ranks());
        referenceLine(chart, Method.BASE.label(), ends, fromMetric.applyAsDouble(results.metricOverSeeds(Method.BASE, 0).mean()),
                Color.GRAY);
        referenceLine(chart, Method.FULL.label(), ends, fromMetric.applyAsDouble(results.metricOverSeeds(Method.FULL, 0).mean()),
                Color.BLACK);
    }

    /** Test loss against rank for LoRA and truncation (mean over seeds, 95% interval), base and full as lines. */
    private static Figure lossVsRank(ExperimentResults results) {
        XYChart chart = chart("Test loss against rank", "rank r (log scale)", "test loss, MSE (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        rankAxis(chart);
        addBaseAndFull(chart, results, m -> -m);
        addRankCurves(chart, results, m -> -m);
        return figure("loss-vs-rank", "Held-out loss of LoRA at rank r and of the fully fine-tuned model truncated "
                + "to rank r (mean over seeds, bars: 95% interval, clipped at 90% of the mean where the log axis needs it); "
                + "dashed: base model and full fine-tuning.", chart);
    }

    /** Fraction of full fine-tuning's improvement recovered, against rank. */
    public static Figure fractionVsRank(ExperimentResults results) {
        XYChart chart = chart("Fraction of full fine-tuning's improvement", "rank r (log scale)",
                "(m(r) - m_base) / (m_full - m_base)");
        List<Integer> ranks = results.spec().lora().ranks();
        rankAxis(chart);
        double[] ticks = rankTicks(ranks);
        referenceLine(chart, "full", ticks, 1.0, Color.BLACK);
        referenceLine(chart, "90% of full", ticks, 0.90, Color.RED);
        double[] x = ranks.stream().mapToDouble(Charts::rankX).toArray();
        for (RankCurve curve : RankCurve.of(results)) {
            double[] y = ranks.stream().mapToDouble(r -> results.fractionOverSeeds(curve.method(), curve.config(), r).mean())
                    .toArray();
            chart.addSeries(curve.label(), x, y);
        }
        return figure("fraction-vs-rank", "Share of full fine-tuning's improvement on held-out data that LoRA at "
                + "rank r" + (results.spec().lora().isGrid() ? " (each configuration of the grid)" : "")
                + " and truncation to rank r recover (mean over seeds).", chart);
    }

    /**
     * Fraction of full fine-tuning's improvement against trainable parameters on one log axis: LoRA at each rank (its
     * trained factors), truncation to rank r (the factors of a rank-r update of every module, r (out + in) each) and
     * random-subspace training at each dimension d (d parameters): is LoRA near the intrinsic dimension?
     */
    public static Figure fractionVsParameters(ExperimentResults results) {
        XYChart chart = chart("Fraction of full fine-tuning's improvement by trainable parameters",
                "trainable parameters (log scale)", "(m - m_base) / (m_full - m_base)");
        chart.getStyler().setXAxisLogarithmic(true);
        long seed = results.spec().seeds().get(0);
        List<Integer> ranks = results.spec().lora().ranks();
        String best = results.bestVariant().name();
        addParameterCurve(chart, "lora" + (results.spec().lora().isGrid() ? " " + best : ""), ranks, r -> results
                .trial(Method.LORA, best, r, seed).map(t -> (double) t.trainableParams()).orElse(Double.NaN),
                r -> results.fractionOverSeeds(Method.LORA, best, r).mean());
        long perRank = results.spec().task().model().moduleShapes().values().stream().mapToLong(sh -> sh[0] + sh[1]).sum();
        addParameterCurve(chart, Method.TRUNCATED.label(), ranks, r -> (double) r * perRank,
                r -> results.fractionOverSeeds(Method.TRUNCATED, "", r).mean());
        results.spec().subspace().ifPresent(sub -> addParameterCurve(chart, Method.SUBSPACE.label(), sub.dimensions(),
                d -> (double) d, d -> results.fractionOverSeeds(Method.SUBSPACE, "", d).mean()));
        long full = results.trials().stream().filter(t -> t.method() == Method.FULL).mapToLong(TrialResult::trainableParams)
                .findFirst().orElse(1);
        double[] ends = {1, full};
        referenceLine(chart, "90% of full", ends, 0.90, Color.RED);
        referenceLine(chart, "full (" + full + " parameters)", ends, 1.0, Color.BLACK);
        return figure("fraction-vs-parameters", "Share of full fine-tuning's improvement on held-out data against the "
                + "number of trainable parameters (mean over seeds): LoRA by rank, truncation of the full update to rank r "
                + "(r (out + in) numbers per module), and training in a random subspace of dimension d (intrinsic "
                + "dimension).", chart);
    }

    private static void addParameterCurve(XYChart chart, String label, List<Integer> sizes,
                                          java.util.function.IntToDoubleFunction parameters,
                                          java.util.function.IntToDoubleFunction fraction) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int size : sizes) {
            double p = parameters.applyAsDouble(size);
            double f = fraction.applyAsDouble(size);
            if (p > 0 && Double.isFinite(f)) {
                x.add(p);
                y.add(f);
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(label, x, y);
        }
    }

    private static void addRankCurves(XYChart chart, ExperimentResults results, ToDoubleFunction<Double> fromMetric) {
        List<Integer> ranks = results.spec().lora().ranks();
        for (RankCurve curve : RankCurve.of(results)) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int r : ranks) {
                MeanInterval mi = results.metricOverSeeds(curve.method(), curve.config(), r);
                if (mi.n() == 0) {
                    continue;
                }
                x.add(rankX(r));
                y.add(fromMetric.applyAsDouble(mi.mean()));
                err.add(errorBar(mi, chart.getStyler().isYAxisLogarithmic()));
            }
            if (!x.isEmpty()) {
                chart.addSeries(curve.label(), x, y, err);
            }
        }
    }

    /**
     * The half-width of a symmetric interval's bar: the interval itself, for a metric of any sign; on a log axis (a
     * positive loss) clipped to 90% of the mean, since a bar must not reach zero there.
     */
    static double errorBar(MeanInterval interval, boolean logAxis) {
        if (Double.isNaN(interval.high())) {
            return 0;
        }
        double half = (interval.high() - interval.low()) / 2;
        return logAxis ? Math.min(half, 0.9 * Math.abs(interval.mean())) : half;
    }

    /** A curve against rank: LoRA in one configuration, or truncation. */
    private record RankCurve(Method method, String config, String label) {
        /** Each LoRA configuration, then truncation. */
        static List<RankCurve> of(ExperimentResults results) {
            List<RankCurve> curves = new ArrayList<>();
            boolean grid = results.spec().lora().isGrid();
            for (LoraVariant v : results.spec().lora().variants()) {
                curves.add(new RankCurve(Method.LORA, v.name(), grid ? "lora " + v.name() : "lora"));
            }
            curves.add(new RankCurve(Method.TRUNCATED, "", Method.TRUNCATED.label()));
            return curves;
        }
    }

    /**
     * The subspace similarity phi(i, j) as a heat map ({@link HeatMaps#subspaceSimilarity(SubspaceSimilarity, String,
     * String, String)}).
     */
    public static Figure subspaceSimilarity(SubspaceSimilarity phi, String module, String xName, String yName) {
        return HeatMaps.subspaceSimilarity(phi, module, xName, yName, "");
    }
}
