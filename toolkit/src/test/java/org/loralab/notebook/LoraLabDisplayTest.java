package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChartBuilder;
import org.loralab.report.Figure;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class LoraLabDisplayTest {

    private static DisplayData render(Object value) {
        DisplayProvider provider = ServiceLoader.load(DisplayProvider.class).findFirst().orElseThrow();
        List<DisplayRenderer> renderers = provider.getDisplayRenderers();
        DisplayRenderer r = renderers.stream().filter(x -> x.rendererClass().isInstance(value)).findFirst().orElseThrow();
        assertThat(r.canRender("text/html")).isTrue();
        return r.render("text/html", value);
    }

    @Test
    void tablesaWTablesBecomeHtmlTablesWithText() {
        Table t = Table.create("t", StringColumn.create("method", "lora"), DoubleColumn.create("fraction_of_full", 0.98765));
        DisplayData d = render(t);
        assertThat((String) d.data().get("text/html")).contains("<th>method</th>", "<th>fraction_of_full</th>",
                "<td>0.9877</td>");
        assertThat((String) d.data().get("text/plain")).contains("fraction_of_full");
    }

    @Test
    void figuresBecomePngImages() {
        var chart = new XYChartBuilder().width(200).height(100).title("c").build();
        chart.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
        DisplayData d = render(new Figure("f", "a caption", chart));
        byte[] png = Base64.getDecoder().decode((String) d.data().get("image/png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(d.data()).containsEntry("text/plain", "a caption");
        assertThat(render(chart).data()).containsKey("image/png");
    }
}
