package org.loralab.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.loralab.BadInputException;

/**
 * Executes a notebook through Jupyter with parameters, papermill style: the values given become a cell
 * tagged {@code injected-parameters} right after the cell tagged {@code parameters} (an earlier injected
 * cell is replaced), then every cell runs on the kernel with a start-up and a per-cell timeout, and the
 * executed notebook is written, also when a cell fails.
 */
public final class NotebookExecutor {
    public static final String PARAMETERS_TAG = "parameters";
    public static final String INJECTED_TAG = "injected-parameters";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NotebookExecutor() {
    }

    /**
     * Timeouts and kernel.
     *
     * @param kernel                kernelspec name
     * @param cellTimeoutSeconds    longest a single cell may run
     * @param startupTimeoutSeconds longest a kernel start may take before it is started again (at most 3 starts)
     */
    public record Settings(String kernel, int cellTimeoutSeconds, int startupTimeoutSeconds) {
        public Settings {
            if (cellTimeoutSeconds < 1 || startupTimeoutSeconds < 1) {
                throw new BadInputException("timeouts must be >= 1 second");
            }
        }

        /**
         * The longest a whole run of {@code cells} cells may take: the kernel's start, every cell at its limit, and a
         * minute for Jupyter itself. Jupyter enforces the per-cell limits; this one stops a Jupyter that hangs.
         */
        java.time.Duration limit(int cells) {
            return java.time.Duration.ofSeconds(startupTimeoutSeconds + (long) cells * cellTimeoutSeconds + 60);
        }

        public static Settings defaults() {
            return new Settings(KernelInstaller.KERNEL_NAME, 3600, 60);
        }
    }

    /**
     * Runs {@code notebook} and writes the executed copy to {@code out} (which may be the notebook itself).
     *
     * @return 0 when every cell ran, 1 when a cell failed (a line on {@code err} names it)
     * @throws BadInputException for a missing or malformed notebook, a bad parameter, a missing kernel or Jupyter
     */
    public static int run(Path notebook, Map<String, String> parameters, Path out, Settings settings,
                          Map<String, String> env, PrintWriter stdout, PrintWriter err) {
        ObjectNode nb = read(notebook);
        inject(nb, parameters, notebook);
        JupyterPython.requireJupyter();
        Path work = null;
        try {
            Path outDir = out.toAbsolutePath().getParent();
            Files.createDirectories(outDir);
            work = Files.createTempDirectory(outDir, ".loralab-run");
            Path prepared = work.resolve("input.ipynb");
            Path executed = work.resolve("output.ipynb");
            JSON.writerWithDefaultPrettyPrinter().writeValue(prepared.toFile(), nb);
            Path kernelLog = Path.of(System.getProperty("java.io.tmpdir"), "loralab-kernel.log");
            int status = JupyterPython.run(List.of("execute", prepared.toString(), executed.toString(), settings.kernel(),
                    notebook.toAbsolutePath().getParent().toString(), String.valueOf(settings.cellTimeoutSeconds()),
                    String.valueOf(settings.startupTimeoutSeconds()), kernelLog.toString()), env, stdout, err,
                    settings.limit(nb.path("cells").size()));
            if (Files.exists(executed)) {
                Files.move(executed, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return switch (status) {
                case 0 -> 0;
                case 2 -> throw new BadInputException("no Jupyter kernel named '" + settings.kernel()
                        + "': run ./loralab kernel install");
                case 3 -> throw new IllegalStateException("the kernel '" + settings.kernel() + "' did not start; see " + kernelLog);
                default -> 1;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            org.loralab.io.TemporaryFolders.deleteQuietly(work);
        }
    }

    static ObjectNode read(Path notebook) {
        try {
            JsonNode root = JSON.readTree(Files.readString(notebook));
            if (!(root instanceof ObjectNode nb) || !root.path("cells").isArray()) {
                throw new BadInputException(notebook + ": not a Jupyter notebook (no list of cells)");
            }
            return nb;
        } catch (NoSuchFileException e) {
            throw new BadInputException(notebook + ": no such file");
        } catch (JsonProcessingException e) {
            throw new BadInputException(notebook + ": not a Jupyter notebook (invalid JSON: " + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces any injected cell and, when there are parameters, adds one after the parameters cell. */
    static void inject(ObjectNode nb, Map<String, String> parameters, Path notebook) {
        ArrayNode cells = (ArrayNode) nb.get("cells");
        for (int i = cells.size() - 1; i >= 0; i--) {
            if (hasTag(cells.get(i), INJECTED_TAG)) {
                cells.remove(i);
            }
        }
        if (parameters.isEmpty()) {
            return;
        }
        int index = -1;
        for (int i = 0; i < cells.size(); i++) {
            if (hasTag(cells.get(i), PARAMETERS_TAG)) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            throw new BadInputException(notebook + ": -p given, but no cell is tagged '" + PARAMETERS_TAG + "'");
        }
        String source = NotebookParameters.parse(source(cells.get(index))).injectionSource(parameters);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode cell = f.objectNode();
        cell.put("cell_type", "code");
        cell.putNull("execution_count");
        if (nb.path("nbformat_minor").asInt(0) >= 5) {
            cell.put("id", INJECTED_TAG); // cell ids exist from nbformat 4.5 on
        }
        cell.set("metadata", f.objectNode().set("tags", f.arrayNode().add(INJECTED_TAG)));
        cell.set("outputs", f.arrayNode());
        cell.put("source", source);
        cells.insert(index + 1, cell);
    }

    static boolean hasTag(JsonNode cell, String tag) {
        for (JsonNode t : cell.path("metadata").path("tags")) {
            if (tag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    /** A cell's source, which nbformat stores as a string or a list of lines. */
    static String source(JsonNode cell) {
        JsonNode s = cell.path("source");
        if (s.isArray()) {
            StringBuilder b = new StringBuilder();
            s.forEach(line -> b.append(line.asText()));
            return b.toString();
        }
        return s.asText();
    }
}
