package org.loralab.report;

import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A report written once and rendered twice: Markdown ({@code report.md}) and a self-contained HTML page
 * ({@code report.html}: figures embedded as PNG data, so the file alone shows everything; each links to its
 * SVG next to it) with the same headings, text, tables and figures.
 */
public final class ReportDocument {
    private final StringBuilder md = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    public ReportDocument(String title) {
        md.append("# ").append(title).append("\n\n");
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}"
                        + "table{border-collapse:collapse;margin:1em 0;font-size:90%}th,td{border:1px solid #ccc;padding:.25em .6em;"
                        + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                        + "img{max-width:100%}figcaption{color:#555;font-size:90%}pre{background:#f6f6f6;padding:.8em;"
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
        html.append("<figure><img src=\"data:image/png;base64,").append(java.util.Base64.getEncoder().encodeToString(figure.png()))
                .append("\" alt=\"").append(escape(figure.caption())).append("\"><figcaption>").append(escape(figure.caption()))
                .append(" (<a href=\"figures/").append(figure.name()).append(".svg\">SVG</a>)</figcaption></figure>\n");
        return this;
    }

    public ReportDocument code(String text) {
        md.append("```\n").append(text).append(text.endsWith("\n") ? "" : "\n").append("```\n\n");
        html.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    public String markdown() {
        return md.toString();
    }

    public String html() {
        return html + "</body></html>\n";
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
