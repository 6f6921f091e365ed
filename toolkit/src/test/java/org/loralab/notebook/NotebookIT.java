package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.cli.CliRun;
import org.loralab.cli.Launcher;
import org.loralab.results.ResultTables;

/**
 * Notebooks through real Jupyter (Debian's nbclient) on the kernel that {@code loralab kernel install}
 * writes, installed into a temporary prefix found through JUPYTER_PATH.
 */
class NotebookIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static Map<String, String> env;

    @BeforeAll
    static void installKernel() throws Exception {
        CliRun install = Launcher.run("kernel", "install", "--prefix", dir.resolve("prefix").toString());
        assertThat(install.status()).as(install.err()).isZero();
        // the kernel inherits LORALAB_CACHE: Lab.run keeps this run's results apart from any other's
        env = Map.of("JUPYTER_PATH", dir.resolve("prefix/share/jupyter").toString(),
                "LORALAB_CACHE", dir.resolve("cache").toString());
    }

    /** A notebook on the loralab kernel with the given code cells; the first is tagged parameters. */
    static Path notebook(String name, String... cells) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            list.add(Map.of("cell_type", "code", "id", "c" + i, "execution_count", "", "outputs", List.of(),
                    "metadata", i == 0 ? Map.of("tags", List.of("parameters")) : Map.of(), "source", cells[i]));
        }
        String json = JSON.writeValueAsString(Map.of("cells", list, "nbformat", 4, "nbformat_minor", 5, "metadata",
                Map.of("kernelspec", Map.of("name", "loralab", "display_name", "Java (LoRA Lab)", "language", "java"))))
                .replace("\"execution_count\":\"\"", "\"execution_count\":null");
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    static List<JsonNode> outputs(Path notebook) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        JSON.readTree(notebook.toFile()).get("cells").forEach(c -> c.path("outputs").forEach(all::add));
        return all;
    }

    /** nbformat stores multi-line strings as lists of lines. */
    static String text(JsonNode value) {
        if (value.isArray()) {
            StringBuilder b = new StringBuilder();
            value.forEach(line -> b.append(line.asText()));
            return b.toString();
        }
        return value.asText("");
    }

    /** Every notebook in notebooks/, run small as notebooks/ci.yaml says, with its expected outputs. */
    @TestFactory
    Stream<DynamicTest> everyNotebookRunsSmallWithItsExpectedOutputs() throws IOException {
        Path folder = Path.of("..", "notebooks");
        JsonNode ci = new ObjectMapper(new YAMLFactory()).readTree(folder.resolve("ci.yaml").toFile());
        List<Path> notebooks;
        try (var files = Files.list(folder)) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertThat(notebooks).isNotEmpty();
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            JsonNode entry = ci.path(nb.getFileName().toString());
            assertThat(entry.isObject()).as(nb.getFileName() + " needs an entry in notebooks/ci.yaml").isTrue();
            List<String> args = new ArrayList<>(List.of("notebook", "run", nb.toString(), "--out",
                    dir.resolve(nb.getFileName()).toString(), "--cell-timeout", "600"));
            entry.path("parameters").fields().forEachRemaining(p -> args.addAll(List.of("-p", p.getKey() + "=" + p.getValue().asText())));
            CliRun run = Launcher.run(env, args.toArray(String[]::new));
            assertThat(run.status()).as(run.err()).isZero();
            List<JsonNode> outputs = outputs(dir.resolve(nb.getFileName()));
            assertThat(outputs).noneMatch(o -> o.path("output_type").asText().equals("error"));
            List<String> html = outputs.stream().map(o -> text(o.path("data").path("text/html"))).toList();
            entry.path("expect_html").forEach(expected ->
                    assertThat(html).as("an output with " + expected.asText()).anyMatch(h -> h.contains(expected.asText())));
            assertThat(outputs.stream().filter(o -> o.path("data").has("image/png")).count())
                    .isGreaterThanOrEqualTo(entry.path("min_images").asLong(0));
            assertThat(outputs).allMatch(o -> !o.path("data").has("text/html") || o.path("data").has("text/plain"));
            if (entry.has("same_tables_as_lab")) {
                assertSameTablesAsLab(entry, html);
            }
            for (JsonNode cell : entry.path("expect_cells")) {
                assertCell(html, cell);
            }
        }));
    }

    /**
     * The notebook's numbers, not only its headers: the same spec and parameters run by {@link Lab} in this JVM (a
     * fresh folder, so no cache is shared) give tables that must appear in the notebook's outputs cell for cell.
     */
    private static void assertSameTablesAsLab(JsonNode entry, List<String> html) {
        JsonNode p = entry.path("parameters");
        var spec = Lab.spec(p.path("specFile").asText());
        if (p.has("ranks")) {
            spec = spec.withRanks(commaList(p.path("ranks"), Integer::valueOf));
        }
        if (p.has("dimensions")) {
            spec = spec.withDimensions(commaList(p.path("dimensions"), Integer::valueOf));
        }
        spec = spec.withSeeds(commaList(p.path("seeds"), Long::valueOf)).withEpochs(p.path("epochs").asInt());
        var results = Lab.run(spec, dir.resolve("lab-" + spec.name()));
        for (JsonNode name : entry.path("same_tables_as_lab")) {
            tech.tablesaw.api.Table table = switch (name.asText()) {
                case "summaryTable" -> ResultTables.summary(results);
                case "taskRanksTable" -> ResultTables.taskRanks(results);
                default -> throw new IllegalArgumentException("notebooks/ci.yaml: unknown table " + name);
            };
            assertThat(table.rowCount()).as(name.asText()).isPositive();
            String expected = org.loralab.report.HtmlTable.of(table, org.loralab.report.ReportDocument.CellFormat.READABLE);
            assertThat(html).as(name.asText() + " as Lab computes it").anyMatch(h -> h.contains(expected));
        }
    }

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile("<table>(.*?)</table>",
            java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern ROW = java.util.regex.Pattern.compile("<tr>(.*?)</tr>");
    private static final java.util.regex.Pattern CELL = java.util.regex.Pattern.compile("<t[hd]>(.*?)</t[hd]>");

    /**
     * A value known without the toolkit (from the spec's declared numbers by a closed form, written in ci.yaml) in the
     * cell of the row named {@code row} and the column {@code column} of some table the notebook shows, to the
     * 4 significant digits the tables print (relative 1e-3), in every such table.
     */
    private static void assertCell(List<String> html, JsonNode cell) {
        String row = cell.path("row").asText();
        String column = cell.path("column").asText();
        double want = cell.path("value").asDouble();
        List<Double> found = new ArrayList<>();
        for (String h : html) {
            java.util.regex.Matcher t = TABLE.matcher(h);
            while (t.find()) {
                List<List<String>> rows = ROW.matcher(t.group(1)).results()
                        .map(r -> CELL.matcher(r.group(1)).results().map(c -> c.group(1)).toList()).toList();
                int col = rows.isEmpty() ? -1 : rows.get(0).indexOf(column);
                for (List<String> r : rows.subList(Math.min(1, rows.size()), rows.size())) {
                    if (col > 0 && r.size() > col && r.get(0).equals(row)) {
                        found.add(Double.parseDouble(r.get(col)));
                    }
                }
            }
        }
        assertThat(found).as("row " + row + ", column " + column).isNotEmpty()
                .allSatisfy(v -> assertThat(v).isCloseTo(want, org.assertj.core.data.Percentage.withPercentage(0.1)));
    }

    private static <T> List<T> commaList(JsonNode commaSeparated, java.util.function.Function<String, T> parse) {
        return java.util.Arrays.stream(commaSeparated.asText().split(",")).map(String::trim).map(parse).toList();
    }

    @Test
    void injectedParametersFollowTheParametersCell() throws Exception {
        Path out = dir.resolve("injected.ipynb");
        CliRun run = Launcher.run(env, "notebook", "run", "../notebooks/01-quickstart.ipynb", "--out", out.toString(),
                "-p", "specFile=../experiments/planted-rank-ci.yaml", "-p", "ranks=1,4", "-p", "seeds=1", "-p", "epochs=2");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode cells = JSON.readTree(out.toFile()).get("cells");
        assertThat(cells.get(1).path("metadata").path("tags").toString()).contains("\"parameters\"");
        assertThat(cells.get(2).path("metadata").path("tags").toString()).contains("\"injected-parameters\"");
        assertThat(text(cells.get(2).path("source"))).contains("List<Integer> ranks = java.util.List.of(1, 4);")
                .contains("int epochs = 2;");
    }

    @Test
    void parametersOfEveryTypeReachTheNotebook() throws Exception {
        Path nb = notebook("types.ipynb",
                "int i = 1;\ndouble d = 0.5;\nString s = \"a\";\nboolean b = false;\nList<Integer> li = List.of(1);\n"
                        + "List<Double> ld = List.of(1.0);\nList<Long> seeds = List.of(1L);",
                "i + \"|\" + d + \"|\" + s + \"|\" + b + \"|\" + li + \"|\" + ld + \"|\" + seeds");
        Path out = dir.resolve("types-out.ipynb");
        CliRun run = Launcher.run(env, "notebook", "run", nb.toString(), "--out", out.toString(),
                "-p", "i=7", "-p", "d=2.5", "-p", "s=he said \"hi\"", "-p", "b=true", "-p", "li=3,5,8", "-p", "ld=0.5,16,1e-3",
                "-p", "seeds=4,5");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(outputs(out).toString()).contains("7|2.5|he said \\\"hi\\\"|true|[3, 5, 8]|[0.5, 16.0, 0.001]|[4, 5]");
    }

    @Test
    void aFailingCellExitsOneNamesTheCellAndKeepsTheOutput() throws Exception {
        Path nb = notebook("fails.ipynb", "int n = 2;", "throw new IllegalStateException(\"boom \" + n);", "n");
        Path out = dir.resolve("fails-out.ipynb");
        CliRun run = Launcher.run(env, "notebook", "run", nb.toString(), "--out", out.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("error: cell 2 (throw new IllegalStateException(\"boom \" + n);) failed");
        assertThat(outputs(out)).anyMatch(o -> o.path("output_type").asText().equals("error"));
    }

    @Test
    void badParametersAndAMissingKernelAreUsageErrors() throws Exception {
        Path nb = notebook("bad.ipynb", "int epochs = 1;", "epochs");
        CliRun unknown = Launcher.run(env, "notebook", "run", nb.toString(), "-p", "lr=0.1");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("error: -p lr: no parameter named 'lr'").doesNotContain("\n");
        CliRun type = Launcher.run(env, "notebook", "run", nb.toString(), "-p", "epochs=ten");
        assertThat(type.status()).isEqualTo(2);
        assertThat(type.err().strip()).isEqualTo("error: -p epochs=ten: 'epochs' is declared int in the parameters cell, "
                + "and 'ten' is not a int");
        CliRun kernel = Launcher.run(env, "notebook", "run", nb.toString(), "--kernel", "no-such-kernel");
        assertThat(kernel.status()).isEqualTo(2);
        assertThat(kernel.err()).contains("error: no Jupyter kernel named 'no-such-kernel'");
    }

    /**
     * The shipped kernel hangs in about 12 of 100 starts; 50 starts without a hang would happen by luck with a
     * probability of 0.88^50 = 0.2% if the fix were gone (100 starts took 4 minutes of the suite, 50 take 2).
     */
    @Test
    void kernelStartsNeverHang() throws Exception {
        CliRun check = Launcher.run(env, "kernel", "check", "--starts", "50");
        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out()).contains("starts=50 hangs=0");
    }
}
