package org.loralab.notebook;

import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.loralab.report.Figure;
import org.loralab.report.HtmlTable;
import org.loralab.report.ReportDocument;
import org.loralab.results.ExperimentResults;
import org.loralab.results.ResultTables;
import org.loralab.spectrum.UpdateSpectrum;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.Table;

/**
 * Rich display of LoRA Lab values in the rapaio Java kernel (found through {@code META-INF/services}):
 * a Tablesaw {@link Table} as an HTML table plus its text print; a {@link Figure} or an XChart chart as
 * {@code image/png}; {@link ExperimentResults} as the verdict and summary table; an {@link UpdateSpectrum}
 * as its metrics. Every value carries {@code text/plain} too, for consoles and diffs.
 */
public final class LoraLabDisplay implements DisplayProvider {

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(
                renderer(Table.class, t -> data(HtmlTable.of(t, ReportDocument.CellFormat.READABLE), t.print())),
                renderer(Figure.class, f -> image(f.png(), f.caption())),
                renderer(XYChart.class, c -> image(png(c), c.getTitle())),
                renderer(ExperimentResults.class, LoraLabDisplay::results),
                renderer(org.loralab.study.StudyResults.class, LoraLabDisplay::study),
                renderer(UpdateSpectrum.class, s -> data("<p><code>" + HtmlTable.escape(s.tensor()) + "</code> " + s.rows()
                        + " x " + s.cols() + "</p>" + HtmlTable.of(Lab.metricsTable(s), ReportDocument.CellFormat.READABLE),
                        s.tensor() + " " + s.metrics())));
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }

    private static DisplayData results(ExperimentResults r) {
        List<String> verdict = Lab.verdict(r);
        StringBuilder html = new StringBuilder("<ul>");
        verdict.forEach(v -> html.append("<li>").append(HtmlTable.escape(v)).append("</li>"));
        html.append("</ul>").append(HtmlTable.of(ResultTables.summary(r), ReportDocument.CellFormat.READABLE));
        return data(html.toString(), String.join("\n", verdict) + "\n" + ResultTables.summary(r).print());
    }

    private static DisplayData study(org.loralab.study.StudyResults r) {
        List<String> verdict = Lab.studyVerdict(r);
        StringBuilder html = new StringBuilder("<ul>");
        verdict.forEach(v -> html.append("<li>").append(HtmlTable.escape(v)).append("</li>"));
        html.append("</ul>");
        StringBuilder text = new StringBuilder(String.join("\n", verdict));
        for (org.loralab.study.StudyAxis axis : r.study().axes()) {
            Table t = Lab.studyTable(r, axis.key());
            html.append(HtmlTable.of(t, ReportDocument.CellFormat.READABLE));
            text.append('\n').append(t.print());
        }
        return data(html.toString(), text.toString());
    }

    static DisplayData data(String html, String text) {
        DisplayData d = DisplayData.fromHtml(html);
        d.putText(text);
        return d;
    }

    static DisplayData image(byte[] png, String text) {
        DisplayData d = DisplayData.withType("image/png", Base64.getEncoder().encodeToString(png));
        d.putText(text);
        return d;
    }

    static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> DisplayRenderer renderer(Class<T> type, Function<T, DisplayData> render) {
        return new DisplayRenderer() {
            @Override
            public Class<?> rendererClass() {
                return type;
            }

            @Override
            public boolean canRender(String mime) {
                return true; // every renderer fills several representations; the front end picks one
            }

            @Override
            public DisplayData render(String mime, Object value) {
                return render.apply(type.cast(value));
            }
        };
    }
}
