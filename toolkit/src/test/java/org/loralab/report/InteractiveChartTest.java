package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

class InteractiveChartTest {

    private static Figure figure() {
        XYChart chart = Charts.chart("Metric against rank", "rank r", "accuracy");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.addSeries("lora lr=0.01", new double[] {1, 2, 4}, new double[] {0.5, 0.7, 0.9}, new double[] {0.1, 0.05, 0.0});
        XYSeries full = chart.addSeries("full", new double[] {1, 4}, new double[] {1, 1});
        full.setMarker(SeriesMarkers.NONE);
        full.setLineStyle(new java.awt.BasicStroke(1f, 0, 0, 10f, new float[] {6f, 4f}, 0f));
        return new Figure("metric-vs-rank", "caption", chart);
    }

    @Test
    void anXyFigureBecomesAPlotlyChartWithTheSameSeriesAxesAndBands() {
        String html = InteractiveChart.html(figure(), "plot_metric").orElseThrow();
        assertThat(html).startsWith("<div id=\"plot_metric\" class=\"plot\"></div>")
                .contains("Plotly.newPlot(target_plot_metric", "title: 'Metric against rank'", "type: 'log'",
                        "type: 'linear'", "name: 'lora lr=0.01'", "name: 'full'", "\"dash\" : \"dash\"",
                        "mode: 'lines+markers'", "mode: 'lines'");
        // the band: upper edge forward, then lower edge back (0.9 +- 0, 0.7 +- 0.05, 0.5 +- 0.1), filled to itself
        assertThat(html).contains("fill: 'toself'", "name: '95% interval'")
                .containsPattern("y: \\[\"0\\.6\",\"0\\.75\",\"0\\.9\",\"0\\.9\",\"0\\.6499999999999999\",\"0\\.4\"\\]");
    }

    @Test
    void heatMapsKeepTheirStaticImageAndIdsMustBeScriptNames() {
        var heat = new HeatMapChartBuilder().build();
        heat.addSeries("phi", new int[] {1}, new int[] {1}, new int[][] {{0, 0, 1}});
        assertThat(InteractiveChart.html(new Figure("phi", "caption", heat), "plot_phi")).isEmpty();
        assertThatThrownBy(() -> InteractiveChart.html(figure(), "plot-metric"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JavaScript identifier");
    }

    @Test
    void theBuildBundlesPlotlyJs() {
        // scripts/fetch-plotly.sh puts it into the classes when npm is there (the test command installs npm)
        String js = InteractiveChart.PLOTLY_JS.orElseThrow();
        assertThat(js.length()).isGreaterThan(1_000_000);
        assertThat(js.substring(0, 200)).startsWith("/**\n* plotly.js").contains("v2.35.3");
    }
}
