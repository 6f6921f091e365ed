package org.loralab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The toolkit's packages form layers, and a package may use only those below it (docs/architecture.md draws them).
 * Read from the sources: every reference to an {@code org.loralab} package, in imports and in qualified names.
 */
class LayeringTest {
    /** Bottom to top. The root package ({@code org.loralab}: BadInputException, Numbers, ToolkitBuild) is below all. */
    static final List<String> LAYERS = List.of("", "io", "spec", "linalg", "format", "nn", "lora", "subspace", "peft", "spectrum",
            "checkpoint", "data", "train", "task", "experiment", "results", "study", "sweep", "cluster", "report", "reference", "bench",
            "notebook", "cli");

    /** The toolkit's sources and those of the core module beneath it (org.loralab, io, format). */
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java/org/loralab"),
            Path.of("../core/src/main/java/org/loralab"));
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.loralab((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void everyPackageIsALayer() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path root : SOURCES) {
            try (Stream<Path> dirs = Files.walk(root)) {
                dirs.filter(Files::isDirectory).forEach(d -> packages.add(layer(root, d)));
            }
        }
        assertThat(LAYERS).containsExactlyInAnyOrderElementsOf(packages);
    }

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String from = layer(root, file.getParent());
                    for (String to : references(Files.readString(file))) {
                        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                            violations.add(file.getFileName() + " (" + name(from) + ") uses " + name(to));
                        }
                    }
                }
            }
        }
        assertThat(violations).as("uses of a higher layer").isEmpty();
    }

    @Test
    void theCheckSeesAnUpwardReference() {
        assertThat(references("import org.loralab.report.Charts;\nclass X { org.loralab.cli.Main m; }"))
                .containsExactlyInAnyOrder("report", "cli");
        assertThat(references("import org.loralab.BadInputException;")).containsExactly("");
        assertThat(LAYERS.indexOf("report")).isGreaterThan(LAYERS.indexOf("sweep"));
    }

    /** The packages (relative to org.loralab) that {@code source} names. */
    static Set<String> references(String source) {
        Set<String> packages = new TreeSet<>();
        Matcher m = REFERENCE.matcher(source);
        while (m.find()) {
            packages.add(m.group(1).isEmpty() ? "" : m.group(1).substring(1));
        }
        return packages;
    }

    private static String layer(Path root, Path folder) {
        return root.relativize(folder).toString().replace('/', '.');
    }

    private static String name(String layer) {
        return layer.isEmpty() ? "org.loralab" : layer;
    }
}
