package org.loralab.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.None;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A report figure as an interactive Plotly chart (tablesaw-jsplot), built from the same XChart series as its PNG
 * and SVG, so the three never disagree: zoom, hover values and series toggled from the legend. Error bars become
 * shaded bands (jsplot has no error bars).
 */
final class InteractiveChart {
    /** plotly.js as the build bundled it (scripts/fetch-plotly.sh), or empty when the build had no npm. */
    static final Optional<String> PLOTLY_JS = load("plotly-basic.min.js");

    private InteractiveChart() {
    }

    private static Optional<String> load(String resource) {
        try (var in = InteractiveChart.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code <div>} and {@code <script>} that draw {@code figure} into an element named {@code id}; empty for
     * charts other than XY charts (heat maps keep their static image). Needs plotly.js on the page. jsplot also names
     * a script variable after {@code id}, so it must be a JavaScript identifier.
     */
    static Optional<String> html(Figure figure, String id) {
        if (!id.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("id must be a JavaScript identifier (jsplot names a variable after it), got '"
                    + id + "'");
        }
        if (!(figure.chart() instanceof XYChart chart)) {
            return Optional.empty();
        }
        List<Trace> traces = new ArrayList<>();
        Color[] palette = chart.getStyler().getSeriesColors();
        int index = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] x = s.getXData();
            double[] y = s.getYData();
            // XChart gives a series its theme colour only when painting it; take the same one here
            Color own = s.getLineColor() != null ? s.getLineColor() : s.getMarkerColor();
            String color = hex(own != null ? own : palette[index % palette.length]);
            index++;
            double[] err = s.getExtraValues();
            if (err != null) {
                traces.add(band(x, y, err, color));
            }
            Line.LineBuilder line = Line.builder().width(2).color(color);
            if (s.getLineStyle() != null && s.getLineStyle().getDashArray() != null) {
                line.dash(Line.Dash.DASH);
            }
            boolean markers = !(s.getMarker() instanceof None); // null: XChart's default marker
            traces.add(ScatterTrace.builder(x, y).name(s.getName()).line(line.build())
                    .mode(markers ? ScatterTrace.Mode.LINE_AND_MARKERS : ScatterTrace.Mode.LINE).build());
        }
        Layout layout = Layout.builder().title(chart.getTitle()).height(500).autosize(true)
                .margin(Margin.builder().top(50).bottom(60).left(70).right(20).build())
                .xAxis(axis(chart.getXAxisTitle(), chart.getStyler().isXAxisLogarithmic()))
                .yAxis(axis(chart.getYAxisTitle(), chart.getStyler().isYAxisLogarithmic())).build();
        tech.tablesaw.plotly.components.Figure plot = new tech.tablesaw.plotly.components.Figure(layout,
                traces.toArray(Trace[]::new));
        return Optional.of("<div id=\"" + id + "\" class=\"plot\"></div>\n" + plot.asJavascript(id));
    }

    /**
     * The 95% band around a series as one closed shape (upper edge forward, lower edge back) filled to itself, which
     * keeps Plotly's legend in series order (filling to the next trace would reverse it).
     */
    private static ScatterTrace band(double[] x, double[] y, double[] err, String color) {
        int n = y.length;
        double[] bx = new double[2 * n];
        double[] by = new double[2 * n];
        for (int i = 0; i < n; i++) {
            bx[i] = x[i];
            by[i] = y[i] + err[i];
            bx[2 * n - 1 - i] = x[i];
            by[2 * n - 1 - i] = y[i] - err[i];
        }
        return ScatterTrace.builder(bx, by).mode(ScatterTrace.Mode.LINE).showLegend(false).name("95% interval")
                .line(Line.builder().width(0).build()).fill(ScatterTrace.Fill.TO_SELF).fillColor(translucent(color)).build();
    }

    private static Axis axis(String title, boolean log) {
        return Axis.builder().title(title).type(log ? Axis.Type.LOG : Axis.Type.LINEAR).build();
    }

    private static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String translucent(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return String.format(java.util.Locale.ROOT, "rgba(%d,%d,%d,0.2)", rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
    }
}
