package org.loralab.report;

import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A report written once and rendered twice: Markdown ({@code report.md}) and a self-contained HTML page
 * ({@code report.html}) with the same headings, text, tables and figures. In the HTML, XY figures are interactive
 * Plotly charts (plotly.js inlined once), each with its static PNG embedded as data under a fold and a link to its
 * SVG next to the report; other figures are the embedded PNG. The file alone shows everything.
 */
public final class ReportDocument {
    private final StringBuilder md = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private boolean plotlyIncluded;

    public ReportDocument(String title) {
        md.append("# ").append(title).append("\n\n");
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}"
                        + "table{border-collapse:collapse;margin:1em 0;font-size:90%}th,td{border:1px solid #ccc;padding:.25em .6em;"
                        + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                        + "img{max-width:100%}details.static summary{color:#555;font-size:90%;cursor:pointer}figcaption{color:#555;font-size:90%}pre{background:#f6f6f6;padding:.8em;"
                        + "overflow-x:auto}</style>\n</head><body>\n<h1>").append(escape(title)).append("</h1>\n");
    }

    public ReportDocument heading(String text) {
        md.append("## ").append(text).append("\n\n");
        html.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph; {@code **bold**} and {@code `code`} are rendered in both formats. */
    public ReportDocument paragraph(String text) {
        md.append(text).append("\n\n");
        html.append("<p>").append(inline(text)).append("</p>\n");
        return this;
    }

    public ReportDocument bullets(List<String> items) {
        items.forEach(i -> md.append("- ").append(i).append('\n'));
        md.append('\n');
        html.append("<ul>\n");
        items.forEach(i -> html.append("<li>").append(inline(i)).append("</li>\n"));
        html.append("</ul>\n");
        return this;
    }

    /** A table with every cell formatted by {@code format}. */
    public ReportDocument table(Table table, CellFormat format) {
        List<Column<?>> cols = table.columns();
        md.append('|');
        cols.forEach(c -> md.append(' ').append(c.name()).append(" |"));
        md.append("\n|");
        cols.forEach(c -> md.append("---|"));
        md.append('\n');
        for (int row = 0; row < table.rowCount(); row++) {
            md.append('|');
            for (Column<?> c : cols) {
                md.append(' ').append(HtmlTable.cell(c, row, format)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        html.append(HtmlTable.of(table, format));
        return this;
    }

    /** A figure stored as {@code figures/<name>.png} and {@code .svg} next to the report. */
    public ReportDocument figure(Figure figure) {
        md.append("![").append(figure.caption()).append("](figures/").append(figure.name()).append(".png)\n\n*")
                .append(figure.caption()).append("* ([SVG](figures/").append(figure.name()).append(".svg))\n\n");
        String img = "<img src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(figure.png())
                + "\" alt=\"" + escape(figure.caption()) + "\">";
        String svg = "<a href=\"figures/" + figure.name() + ".svg\">SVG</a>";
        Optional<String> plot = InteractiveChart.PLOTLY_JS.flatMap(js -> InteractiveChart.html(figure, "plot_" + figure.name().replaceAll("[^A-Za-z0-9_]", "_")));
        html.append("<figure>");
        if (plot.isPresent()) {
            if (!plotlyIncluded) {
                html.append("<script>").append(InteractiveChart.PLOTLY_JS.get()).append("</script>\n");
                plotlyIncluded = true;
            }
            html.append(plot.get()).append("<details class=\"static\"><summary>Static figure (PNG below; ").append(svg)
                    .append(")</summary>").append(img).append("</details>");
        } else {
            html.append(img);
        }
        html.append("<figcaption>").append(escape(figure.caption())).append(plot.isPresent() ? "" : " (" + svg + ")")
                .append("</figcaption></figure>\n");
        return this;
    }

    public ReportDocument code(String text) {
        md.append("```\n").append(text).append(text.endsWith("\n") ? "" : "\n").append("```\n\n");
        html.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** {@code text} without the inline Markdown marks the reports use (bold and code spans), for plain output. */
    public static String plain(String text) {
        return text.replace("**", "").replace("`", "");
    }

    public String markdown() {
        return md.toString();
    }

    public String html() {
        // where scripts do not run or plotly.js did not load, unfold the static figures instead
        String fallback = plotlyIncluded ? "<script>if (!window.Plotly) { document.querySelectorAll('details.static')"
                + ".forEach(function (d) { d.open = true; }); }</script>\n" : "";
        return html + fallback + "</body></html>\n";
    }

    private static String inline(String text) {
        return escape(text).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>").replaceAll("`(.+?)`", "<code>$1</code>");
    }

    private static String escape(String s) {
        return HtmlTable.escape(s);
    }

    /** Turns a table cell into text. */
    @FunctionalInterface
    public interface CellFormat {
        String format(Object value);

        /** Numbers with 4 significant digits, integers as they are, text as it is. */
        CellFormat READABLE = v -> {
            if (v instanceof Double d) {
                return d.isNaN() ? "" : String.format(java.util.Locale.ROOT, "%.4g", d);
            }
            return String.valueOf(v);
        };
    }
}
