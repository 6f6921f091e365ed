package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

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
}
