package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The numbers the docs quote from committed reports are links a test reads: {@code [48.4%](reports/x/trials.csv
 * "fraction_of_full mean where method = lora, rank = 1, selected = true")} shows 48.4% and points to the table; the
 * test takes the column's values in the rows that match (a {@code *} in a value matches anything), aggregates them
 * ({@code each}: every value, {@code mean}, {@code min}, {@code max}, {@code range}: "low-high") and compares them
 * with the text at the digits it shows ({@code %}: times 100).
 */
class DocNumbersTest {
    private static final Path ROOT = Path.of("..");
    static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]+\\.csv) \"([^\"]+)\"\\)");
    private static final Pattern QUERY = Pattern.compile("(\\w+) (each|mean|min|max|range) where (.+)");

    /** The problems of every checked number of {@code markdown} (a page in {@code dir}); empty when all agree. */
    static List<String> check(String markdown, Path dir, String page) throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher m = LINK.matcher(markdown);
        while (m.find()) {
            String text = m.group(1);
            String where = page + ": [" + text + "](" + m.group(2) + " \"" + m.group(3) + "\")";
            Matcher q = QUERY.matcher(m.group(3));
            if (!q.matches()) {
                problems.add(where + ": the query is not '<column> each|mean|min|max|range where <column> = <value>, ...'");
                continue;
            }
            double[] values = values(dir.resolve(m.group(2)), q.group(1), q.group(3));
            if (values.length == 0) {
                problems.add(where + ": no row matches");
                continue;
            }
            boolean percent = text.endsWith("%");
            String shown = text.replace("%", "").replace(",", "");
            String[] parts = q.group(2).equals("range") ? shown.split("-|\\s+to\\s+") : new String[] {shown};
            double[] expected = switch (q.group(2)) {
                case "mean" -> new double[] {Arrays.stream(values).average().orElseThrow()};
                case "min" -> new double[] {Arrays.stream(values).min().orElseThrow()};
                case "max" -> new double[] {Arrays.stream(values).max().orElseThrow()};
                case "range" -> new double[] {Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow()};
                default -> values;
            };
            for (int i = 0; i < expected.length; i++) {
                String part = parts[Math.min(i, parts.length - 1)].strip();
                int decimals = part.contains(".") ? part.length() - part.indexOf('.') - 1 : 0;
                String actual = BigDecimal.valueOf(expected[i] * (percent ? 100 : 1)).setScale(decimals, RoundingMode.HALF_UP)
                        .toPlainString();
                if (!actual.equals(part)) {
                    problems.add(where + ": the table gives " + actual + (percent ? "%" : ""));
                    break;
                }
            }
        }
        return problems;
    }

    /** The column's values in the rows whose columns equal the conditions' values ({@code *}: anything). */
    private static double[] values(Path csv, String column, String conditions) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        Map<Integer, Pattern> filters = new java.util.LinkedHashMap<>();
        for (String c : conditions.split(",\\s*")) {
            String[] kv = c.split("\\s*=\\s*", 2);
            filters.put(header.indexOf(kv[0].strip()), Pattern.compile(Pattern.quote(kv[1].strip()).replace("*", "\\E.*\\Q")));
        }
        int col = header.indexOf(column);
        List<Double> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (filters.entrySet().stream().allMatch(f -> f.getKey() >= 0 && f.getValue().matcher(cells[f.getKey()]).matches())
                    && col >= 0 && !cells[col].isEmpty()) {
                out.add(Double.parseDouble(cells[col]));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void everyCheckedNumberOfTheDocsIsWhatItsTableSays() throws IOException {
        List<Path> pages = org.loralab.testing.DocPages.all(ROOT);
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            String md = Files.readString(page);
            links += (int) LINK.matcher(md).results().count();
            problems.addAll(check(md, page.getParent(), page.getFileName().toString()));
        }
        assertThat(links).as("checked numbers in the docs").isGreaterThanOrEqualTo(8);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckCatchesANumberTheTableDoesNotGive(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.csv"), "method,rank,f\nlora,1,0.484\nlora,1,0.486\nlora,2,0.735\n");
        assertThat(check("[48.5%](t.csv \"f mean where method = lora, rank = 1\")", dir, "p")).isEmpty();
        assertThat(check("[48.4%](t.csv \"f mean where method = lora, rank = 1\")", dir, "p")).singleElement()
                .asString().endsWith("the table gives 48.5%");
        assertThat(check("[0.484-0.486](t.csv \"f range where rank = 1\")", dir, "p")).isEmpty();
        assertThat(check("[0.48 to 0.49](t.csv \"f range where rank = 1\")", dir, "p")).isEmpty();
        assertThat(check("[1](t.csv \"rank each where method = l*\")", dir, "p")).singleElement().asString()
                .endsWith("the table gives 2");
        assertThat(check("[1](t.csv \"rank each where method = x\")", dir, "p")).singleElement().asString()
                .endsWith("no row matches");
    }
}
