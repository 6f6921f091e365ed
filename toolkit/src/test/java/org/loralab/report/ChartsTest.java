package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Method;
import org.loralab.results.ExperimentResults;
import org.loralab.results.MeanInterval;
import org.loralab.testing.SyntheticResults;
import java.util.List;

class ChartsTest {

    private static XYChart withSeries(int n, String prefix) {
        XYChart chart = Charts.chart("t", "x", "y");
        for (int i = 0; i < n; i++) {
            chart.addSeries(prefix + i, new double[] {1, 2}, new double[] {i, i + 1});
        }
        return chart;
    }

    @Test
    void aFewSeriesKeepTheLegendInOneRowBelow() {
        XYChart chart = withSeries(3, "s");
        Charts.figure("f", "c", chart);
        assertThat(chart.getStyler().getLegendPosition()).isEqualTo(Styler.LegendPosition.OutsideS);
        assertThat(chart.getWidth()).isEqualTo(800);
    }

    /** 30 long names in one row would need thousands of pixels: they go to one column, and the figure grows to hold it. */
    @Test
    void manySeriesGetAColumnAtTheRightAndALargerFigure() {
        String longName = "targets=q_proj+k_proj+v_proj+o_proj+fc1+fc2 alpha=rs ";
        XYChart chart = withSeries(30, longName);
        byte[] png = Charts.figure("f", "c", chart).png();
        assertThat(chart.getStyler().getLegendPosition()).isEqualTo(Styler.LegendPosition.OutsideE);
        assertThat(chart.getWidth()).isGreaterThanOrEqualTo(800 + 7 * (longName.length() + 2));
        assertThat(chart.getHeight()).isGreaterThanOrEqualTo(20 * 30);
        assertThat(png).isNotEmpty();
    }

    /**
     * A char-LM metric is minus bits per character (about -2.7): the drawn bar is the seeds' interval (+-0.01 here), not
     * a clamp at 0.9 x the mean (which once drew +-2.4 across the whole plot).
     */
    @Test
    void theDrawnBarOfANegativeMetricIsItsInterval() {
        ExperimentSpec spec = SyntheticResults.fashionGrid(List.of(1L, 2L, 3L), List.of(1, 4));
        double[] shift = {-0.01, 0, 0.01};
        ExperimentResults results = SyntheticResults.of(spec, (v, seed, r) -> new double[] {0, -2.7 + shift[(int) seed - 1]},
                0.5);
        XYChart chart = (XYChart) Charts.performanceVsRank(results).chart();
        MeanInterval interval = results.metricOverSeeds(Method.LORA, spec.lora().variants().get(0).name(), 1);
        double[] bars = chart.getSeriesMap().get("lora " + spec.lora().variants().get(0).name()).getExtraValues();
        assertThat(bars[0]).isCloseTo((interval.high() - interval.low()) / 2, within(1e-12)).isGreaterThan(0.01);
        assertThat(Charts.errorBar(new MeanInterval(3, -2.7, -2.71, -2.69), false)).isCloseTo(0.01, within(1e-12));
        // on a log axis (a positive loss) a bar may not reach zero: clipped to 90% of the mean
        assertThat(Charts.errorBar(new MeanInterval(3, 0.1, -0.5, 0.7), true)).isCloseTo(0.09, within(1e-12));
    }

    /**
     * Rank axes are log2(r), labelled at every power of two from the smallest swept rank to the largest (XChart's log
     * axis labels only 1 and 10); the first series runs over those positions, which makes XChart put its ticks there.
     * Rendering terminates (XChart retries while labels repeat) for ranks that are not equally spaced on the axis.
     */
    @Test
    void rankAxesAreLabelledAtThePowersOfTwoThatHoldTheSweptRanks() {
        ExperimentSpec spec = SyntheticResults.fashionGrid(List.of(1L), List.of(1, 4, 8));
        XYChart chart = (XYChart) Charts.fractionVsRank(SyntheticResults.of(spec, (v, s, r) -> new double[] {0, 0.5}, 0.5))
                .chart();
        var label = chart.getStyler().getxAxisTickLabelsFormattingFunction();
        assertThat(List.of(0.0, 1.0, 2.0, 3.0, 0.5).stream().map(label).toList()).containsExactly("1", "2", "4", "8", "1.41");
        assertThat(chart.getSeriesMap().values().iterator().next().getXData()).containsExactly(0, 1, 2, 3);
        assertThat(chart.getSeriesMap().get("90% of full").getYData()).containsOnly(0.9);
        assertThat(new Figure("f", "c", chart).png()).isNotEmpty();
    }

    /** A grid's heat map names its module, ranks, configuration and seed, and the title fits inside the chart. */
    @Test
    void heatMapTitlesNameTheirAdaptersAndFit() {
        double[][] values = new double[8][64];
        org.loralab.spectrum.SubspaceSimilarity phi = new org.loralab.spectrum.SubspaceSimilarity(
                org.loralab.spectrum.SubspaceSimilarity.Side.RIGHT, values);
        Figure figure = HeatMaps.subspaceSimilarity(phi, "layers.0", "r = 8", "r = 64",
                "configuration targets=layers.0+layers.1 alpha=rs save=embed_tokens, seed 3");
        String title = figure.chart().getTitle();
        assertThat(title).isEqualTo("phi, right vectors of layers.0, r = 8 vs r = 64; "
                + "configuration targets=layers.0+layers.1 alpha=rs save=embed_tokens, seed 3");
        java.awt.Graphics2D g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                .createGraphics();
        int width = g.getFontMetrics(figure.chart().getStyler().getChartTitleFont()).stringWidth(title);
        assertThat(width).isLessThan(figure.chart().getWidth() - 40);
        assertThat(inkAtTheSides(figure)).as("a title cut at the figure's edge").isZero();
    }

    /**
     * A few series with one long name (a grid configuration's, as in the learn-forget figure): one row below would run
     * off both sides of the figure, so the legend goes to the right, and nothing drawn touches the figure's sides.
     */
    @Test
    void aLegendTooWideForOneRowGoesToTheRight() {
        XYChart chart = Charts.chart("t", "x", "y");
        for (String name : List.of("lora targets=q_proj+k_proj+v_proj+o_proj+fc1+fc2 save=embed_tokens+embed_positions+*norm*",
                "truncated", "base model", "full fine-tuning")) {
            chart.addSeries(name, new double[] {0, 1}, new double[] {0, 1});
        }
        Figure figure = Charts.figure("f", "c", chart);
        assertThat(chart.getStyler().getLegendPosition()).isEqualTo(Styler.LegendPosition.OutsideE);
        assertThat(inkAtTheSides(figure)).as("legend text cut at the figure's edge").isZero();
    }

    /** How many pixels in the two outermost columns at each side of the rendered figure are not white. */
    private static int inkAtTheSides(Figure figure) {
        java.awt.image.BufferedImage image;
        try {
            image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(figure.png()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x : new int[] {0, 1, image.getWidth() - 2, image.getWidth() - 1}) {
                ink += (image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF ? 0 : 1;
            }
        }
        return ink;
    }
}
