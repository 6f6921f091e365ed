package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ReportDocumentTest {

    @Test
    void rendersTheSameContentAsMarkdownAndHtml() {
        IntColumn rank = IntColumn.create("rank", 1, 4);
        rank.setMissing(1);
        Table t = Table.create("t", StringColumn.create("method", "lora", "a<b"), rank,
                DoubleColumn.create("metric", 0.123456789, Double.NaN));
        ReportDocument doc = new ReportDocument("Title").heading("Section").paragraph("Has **bold** and `code`.")
                .bullets(List.of("one", "two")).table(t, ReportDocument.CellFormat.READABLE);
        assertThat(doc.markdown()).contains("# Title", "## Section", "- one", "| method | rank | metric |",
                "| lora | 1 | 0.1235 |", "| a<b |  |  |");
        assertThat(doc.html()).contains("<h2>Section</h2>", "<strong>bold</strong>", "<code>code</code>",
                "<td>a&lt;b</td>", "<td>0.1235</td>").endsWith("</html>\n");
    }

    @Test
    void xyFiguresAreInteractiveWithPlotlyInlinedOnceAndTheStaticImageFolded() {
        org.knowm.xchart.XYChart chart = Charts.chart("t", "x", "y");
        chart.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
        ReportDocument doc = new ReportDocument("Title").figure(new Figure("one-a", "First.", chart))
                .figure(new Figure("two", "Second.", chart));
        String js = InteractiveChart.PLOTLY_JS.orElseThrow();
        String html = doc.html();
        int first = html.indexOf(js);
        assertThat(first).as("plotly.js inlined").isPositive();
        assertThat(html.indexOf(js, first + 1)).as("plotly.js inlined once").isEqualTo(-1);
        assertThat(html.replace(js, "(plotly.js)")).contains("<div id=\"plot_one_a\"", "<div id=\"plot_two\"", "<details class=\"static\">",
                "data:image/png;base64,", "<a href=\"figures/one-a.svg\">SVG</a>", "if (!window.Plotly)");
        assertThat(doc.markdown()).contains("![First.](figures/one-a.png)").doesNotContain("plotly");
    }
}
