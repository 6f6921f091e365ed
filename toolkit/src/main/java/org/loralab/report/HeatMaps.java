package org.loralab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;
import org.loralab.spectrum.SubspaceSimilarity;

/** Heat maps of the subspace similarity phi(i, j) between two adapters' or updates' singular directions. */
public final class HeatMaps {
    private HeatMaps() {
    }

    private static final int PHI_STEPS = 10;

    /** White at 0, light blue at 0.5, dark blue at 1: the heat maps' scale. */
    private static Color blend(double t) {
        Color[] stops = {Color.WHITE, new Color(0x9ecae1), new Color(0x08306b)};
        double x = Math.min(t, 1) * (stops.length - 1);
        int i = Math.min((int) x, stops.length - 2);
        double f = x - i;
        return new Color((int) Math.round(stops[i].getRed() + f * (stops[i + 1].getRed() - stops[i].getRed())),
                (int) Math.round(stops[i].getGreen() + f * (stops[i + 1].getGreen() - stops[i].getGreen())),
                (int) Math.round(stops[i].getBlue() + f * (stops[i + 1].getBlue() - stops[i].getBlue())));
    }

    /** About how wide the colour bar and its labels are, in pixels. */
    private static final int COLOUR_BAR_WIDTH = 120;

    /**
     * The subspace similarity phi(i, j) as a heat map (i down, j across; 0 white to 1 dark), as in Figure 3 of the LoRA
     * paper, with {@code context} (for example the LoRA configuration and seed; may be empty) in the title, so that a
     * heat map says whose adapters it compares.
     *
     * @param xName the update whose top-i directions are the rows, for example {@code r = 8}
     * @param yName the update whose top-j directions are the columns
     */
    public static Figure subspaceSimilarity(SubspaceSimilarity phi, String module, String xName, String yName,
                                            String context) {
        String side = phi.side() == SubspaceSimilarity.Side.LEFT ? "left" : "right";
        String title = "phi, " + side + " vectors of " + module + ", " + xName + " vs " + yName
                + (context.isEmpty() ? "" : "; " + context);
        // a grid configuration's name makes a long title: the chart widens to hold it rather than cut it. XChart centres
        // the title on the plot, which the colour bar at the right pushes left: room for the bar on both sides
        java.awt.Font titleFont = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12);
        int titleWidth = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                .createGraphics().getFontMetrics(titleFont).stringWidth(title);
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(Math.max(Charts.WIDTH, titleWidth + 2 * COLOUR_BAR_WIDTH + 60)).height(Charts.HEIGHT)
                .title(title).xAxisTitle("j (" + yName + ")").yAxisTitle("i (" + xName + ")").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setChartTitleFont(titleFont);
        chart.getStyler().setMin(0).setMax(1);
        chart.getStyler().setShowValue(false);
        // the colour bar in labelled steps of 0.1 (XChart's continuous bar names only its two ends), one colour a step
        chart.getStyler().setPiecewise(true).setSplitNumber(PHI_STEPS).setHeatMapValueDecimalPattern("0.0")
                .setRangeColors(IntStream.range(0, PHI_STEPS).mapToObj(i -> blend((i + 0.5) / PHI_STEPS))
                        .toArray(Color[]::new));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        if (phi.cols() > 16) {
            chart.getStyler().setXAxisLabelRotation(90); // one label per column: upright ones would overlap
        }
        int step = labelStep(phi.cols());
        List<String> columns = IntStream.rangeClosed(1, phi.cols())
                .mapToObj(j -> j == 1 || j % step == 0 ? Integer.toString(j) : " ").toList();
        List<Integer> rows = IntStream.rangeClosed(1, phi.rows()).boxed().toList();
        List<Number[]> cells = new ArrayList<>();
        for (int i = 1; i <= phi.rows(); i++) {
            for (int j = 1; j <= phi.cols(); j++) {
                cells.add(new Number[] {j - 1, i - 1, phi.get(i, j)});
            }
        }
        chart.addSeries("phi(i, j)", columns, rows, cells); // the colour bar's label
        String name = "phi-" + side + "-" + module.replace('.', '-');
        return new Figure(name, String.format(java.util.Locale.ROOT,
                "Subspace similarity of the top-i %s singular directions of %s and the top-j of %s in %s%s: 1 where the"
                        + " smaller subspace lies inside the larger.", side, xName, yName, module,
                context.isEmpty() ? "" : " (" + context + ")"), chart);
    }

    /**
     * Every how many columns a heat map names one: past 32 columns a label on each would overlap even upright, so the
     * smallest power of two with at most 32 multiples among the columns (those and column 1 are named, the rest blank).
     */
    private static int labelStep(int columns) {
        int step = 1;
        while (columns / step > 32) {
            step *= 2;
        }
        return step;
    }
}
