package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of README.md and docs/*.md compiles against the toolkit: each becomes the body of a method, with
 * the snippet's imports, those of every toolkit package, and JShell's habits made Java (an expression line whose value
 * a notebook shows gets its semicolon). A {@code // given: Type name (...)} line declares what the snippet assumes.
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of("..");

    /** The ```java blocks of a Markdown text. */
    static List<String> snippets(String markdown) {
        List<String> out = new ArrayList<>();
        StringBuilder block = null;
        for (String line : markdown.split("\n", -1)) {
            if (block == null && line.strip().equals("```java")) {
                block = new StringBuilder();
            } else if (block != null && line.strip().equals("```")) {
                out.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return out;
    }

    /** The snippet as a class: its imports and the toolkit's, its lines in a method whose parameters are its givens. */
    static String asClass(String snippet, String name) throws IOException {
        List<String> imports = new ArrayList<>(List.of("java.util.*", "java.nio.file.*", "tech.tablesaw.api.Table",
                "org.nd4j.linalg.api.buffer.DataType"));
        for (Path root : List.of(ROOT.resolve("toolkit/src/main/java"), ROOT.resolve("core/src/main/java"))) {
            try (Stream<Path> dirs = Files.walk(root.resolve("org/loralab"))) {
                dirs.filter(Files::isDirectory).forEach(d -> imports.add(root.relativize(d).toString().replace('/', '.') + ".*"));
            }
        }
        List<String> givens = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int depth = 0;
        for (String line : snippet.split("\n")) {
            String code = line.replaceFirst("\\s*//.*$", "").stripTrailing();
            if (line.strip().startsWith("// given: ")) {
                givens.add(line.strip().substring("// given: ".length()).replaceFirst("\\s*\\(.*$", ""));
            } else if (code.startsWith("import ")) {
                imports.add(code.substring("import ".length()).replace(";", "").strip());
            } else {
                for (char c : code.toCharArray()) {
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                }
                boolean open = code.endsWith(";") || code.endsWith("{") || code.endsWith("}") || code.endsWith(",")
                        || code.isBlank() || depth > 0;
                body.append(code).append(open ? "" : ";").append('\n');
            }
        }
        StringBuilder java = new StringBuilder();
        imports.stream().distinct().forEach(i -> java.append("import ").append(i).append(";\n"));
        return java.append("class ").append(name).append(" {\n  void snippet(").append(String.join(", ", givens))
                .append(") throws Exception {\n").append(body).append("  }\n}\n").toString();
    }

    @Test
    void everyJavaSnippetOfTheDocsCompiles() throws IOException {
        List<Path> pages = org.loralab.testing.DocPages.all(ROOT);
        List<JavaFileObject> sources = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (Path page : pages) {
            List<String> found = snippets(Files.readString(page));
            for (int i = 0; i < found.size(); i++) {
                String name = "Snippet" + sources.size();
                String java = asClass(found.get(i), name);
                where.add(page.getFileName() + " snippet " + (i + 1));
                sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return java;
                    }
                });
            }
        }
        assertThat(where).as("the docs' Java snippets").hasSizeGreaterThanOrEqualTo(3);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("snippets");
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-d", out.toString(), "-classpath",
                System.getProperty("java.class.path"), "-proc:none"), null, sources).call();
        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> where.get(Integer.parseInt(d.getSource().getName().replaceAll("\\D", ""))) + ", line "
                        + d.getLineNumber() + ": " + d.getMessage(null)).toList();
        assertThat(errors).as("compile errors in the docs' snippets").isEmpty();
        assertThat(ok).isTrue();
    }

    @Test
    void aJShellLineGetsItsSemicolonAndAGivenBecomesAParameter() throws IOException {
        String java = asClass("// given: Dataset data (any)\nimport a.B;\nvar r = f(1,\n    2);\nResultTables.summary(r)   // shown\n", "X");
        assertThat(java).contains("import a.B;\n", "void snippet(Dataset data) throws Exception {\n",
                "var r = f(1,\n    2);\n", "ResultTables.summary(r);\n");
    }
}
