package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.loralab.checkpoint.SyntheticCheckpoints;
import org.loralab.format.DType;
import org.loralab.testing.Specs;
import picocli.CommandLine;

/**
 * Broken command lines, generated from the commands' own option model (picocli): each option of each command that
 * finishes in seconds, given values of the wrong shape for its type (a word, zero, negative, past int, NaN, infinite,
 * empty, a path that does not exist, a file where a folder goes), or a required one dropped, on an otherwise valid and
 * tiny invocation. The outcome is status 0, or status 2 with exactly one {@code error:} line; never status 1 or a
 * stack trace. {@code kernel check} and {@code notebook run} start Jupyter kernels and are left to NotebookIT and
 * JupyterServerIT; values that are valid but large (a billion iterations) are not generated, since they would run.
 */
class OptionFuzzIT {
    private static Path dir;
    private static int counter;

    /** A command line with the option changed, and what the change was. */
    record Case(List<String> args, String what) {
        @Override
        public String toString() {
            return String.join(" ", args) + "  [" + what + "]";
        }
    }

    @BeforeContainer
    static void inputs() throws IOException {
        dir = Files.createTempDirectory("loralab-option-fuzz");
        new SyntheticCheckpoints(1, 16, 24, 2, 0.2, DType.F32, 1, 3).write(dir.resolve("pair"));
        Files.writeString(dir.resolve("tiny.yaml"), Specs.VALID.replace("ranks: [4, 1, 2]", "ranks: [1]")
                .replace("seeds: [1, 2]", "seeds: [1]"));
        Files.writeString(dir.resolve("a-file"), "not a folder");
        assertThat(CliRun.of("extract", "--base", base(), "--tuned", tuned(), "--rank", "2", "--out",
                dir.resolve("adapter").toString()).status()).isZero();
        assertThat(CliRun.of("run", dir.resolve("tiny.yaml").toString(), "--shard", "0/1", "--out",
                dir.resolve("shard").toString()).status()).isZero();
    }

    @AfterContainer
    static void cleanUp() {
        org.loralab.io.TemporaryFolders.deleteQuietly(dir);
    }

    private static String base() {
        return dir.resolve("pair/base").toString();
    }

    private static String tuned() {
        return dir.resolve("pair/tuned").toString();
    }

    /** A valid, quick invocation of each command; OUT is replaced by a fresh folder per case. */
    private static Map<String, List<String>> bases() {
        Map<String, List<String>> b = new LinkedHashMap<>();
        String spec = dir.resolve("tiny.yaml").toString();
        b.put("run", List.of("run", spec, "--check", "--out", "OUT"));
        b.put("merge", List.of("merge", dir.resolve("shard").toString(), "--out", "OUT"));
        String jar = Path.of("target", "loralab.jar").toAbsolutePath().toString(); // built before the verify phase
        b.put("slurm submit", List.of("slurm", "submit", spec, "--array", "1", "--out", "OUT", "--dry-run", "--jar", jar));
        b.put("spectrum", List.of("spectrum", "--base", base(), "--tuned", tuned(), "--out", "OUT"));
        b.put("extract", List.of("extract", "--base", base(), "--tuned", tuned(), "--rank", "2", "--out", "OUT"));
        b.put("merge-adapter", List.of("merge-adapter", "--base", base(), "--adapter", dir.resolve("adapter").toString(),
                "--out", "OUT/merged.safetensors"));
        b.put("kernel install", List.of("kernel", "install", "--prefix", "OUT", "--toolkit-jar", jar));
        b.put("bench step", List.of("bench", "step", "--dim", "16", "--batch", "8", "--rank", "2", "--warmup", "1",
                "--iterations", "1", "--no-against-torch"));
        b.put("bench charlm", List.of("bench", "charlm", "--width", "16", "--layers", "1", "--heads", "2", "--context", "8",
                "--vocab", "16", "--batch", "4", "--rank", "2", "--warmup", "1", "--iterations", "1", "--no-against-torch"));
        b.put("bench spectrum", List.of("bench", "spectrum", "--sizes", "8", "--large", "16", "--top-k", "2",
                "--lora-rank", "2", "--repeats", "1", "--ejml-max", "8", "--no-numpy", "--out", "OUT"));
        b.put("bench checkpoint", List.of("bench", "checkpoint", "--blocks", "1", "--hidden", "16", "--intermediate", "24",
                "--rank", "2", "--dtype", "F32", "--top-k", "4", "--full-blocks", "1", "--dir", "OUT"));
        b.put("bench gpu-reference", List.of("bench", "gpu-reference", "--out", "OUT"));
        b.put("params", List.of("params", "--out-features", "8", "--in-features", "8", "--rank", "2"));
        return b;
    }

    /** Values of the wrong shape for an option of {@code type}. */
    private static List<String> badValues(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return List.of("x", "0", "-1", "99999999999999999999", "1.5", "");
        }
        if (type == double.class || type == Double.class) {
            return List.of("x", "0", "-1", "NaN", "Infinity", "1e400", "");
        }
        if (type == Path.class) {
            return List.of("/no/such/folder/x", dir.resolve("a-file").toString(), "");
        }
        return List.of("", "x", "a b", "-");
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(allCases());
    }

    static List<Case> allCases() {
        CommandLine root = new CommandLine(new Main());
        List<Case> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> b : bases().entrySet()) {
            CommandLine command = root;
            for (String word : b.getKey().split(" ")) {
                command = command.getSubcommands().get(word);
            }
            out.add(new Case(b.getValue(), "as given"));
            for (CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp() || o.arity().max() == 0) {
                    continue;
                }
                String name = o.longestName();
                Class<?> type = o.isMultiValue() ? String.class : o.type();
                for (String v : badValues(type)) {
                    out.add(new Case(withOption(b.getValue(), name, v), name + " " + (v.isEmpty() ? "(empty)" : v)));
                }
                if (o.required()) {
                    out.add(new Case(withoutOption(b.getValue(), name), name + " dropped"));
                }
            }
        }
        return out;
    }

    private static List<String> withOption(List<String> args, String name, String value) {
        List<String> out = new ArrayList<>(withoutOption(args, name));
        out.addAll(List.of(name, value));
        return out;
    }

    private static List<String> withoutOption(List<String> args, String name) {
        List<String> out = new ArrayList<>(args);
        int i = out.indexOf(name);
        if (i >= 0) {
            out.remove(i);
            if (i < out.size() && !out.get(i).startsWith("--")) {
                out.remove(i);
            }
        }
        return out;
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 10_000)
    void aBrokenOptionIsOneErrorLineNeverATrace(@ForAll("cases") Case c) throws IOException {
        Path out = dir.resolve("out-" + (counter++));
        String[] args = c.args().stream().map(a -> a.replace("OUT", out.toString())).toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertThat(run.status()).as(c + " -> " + run.err()).isIn(0, 2);
        assertThat(run.err()).as(c.toString()).doesNotContain("\tat ").doesNotContain("internal error");
        if (run.status() == 2) {
            assertThat(run.err().lines().filter(l -> l.startsWith("error: "))).as(c + " -> " + run.err()).hasSize(1);
        }
        if (c.what().equals("as given")) {
            assertThat(run.status()).as(c + " -> " + run.err()).isZero();
        }
    }

    @net.jqwik.api.Example
    void everyQuickCommandIsCovered() {
        List<Case> cases = allCases();
        System.out.println("option fuzzer: " + cases.size() + " cases over " + bases().size() + " commands");
        assertThat(cases).hasSizeGreaterThan(100);
    }
}
