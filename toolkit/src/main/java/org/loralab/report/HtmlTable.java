package org.loralab.report;

import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** A Tablesaw table as an HTML {@code <table>} (cells escaped, missing values empty). */
public final class HtmlTable {
    private HtmlTable() {
    }

    public static String of(Table table, ReportDocument.CellFormat format) {
        List<Column<?>> cols = table.columns();
        StringBuilder html = new StringBuilder("<table>\n<tr>");
        cols.forEach(c -> html.append("<th>").append(escape(c.name())).append("</th>"));
        html.append("</tr>\n");
        for (int row = 0; row < table.rowCount(); row++) {
            html.append("<tr>");
            for (Column<?> c : cols) {
                html.append("<td>").append(escape(cell(c, row, format))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    static String cell(Column<?> column, int row, ReportDocument.CellFormat format) {
        return column.isMissing(row) ? "" : format.format(column.get(row));
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
