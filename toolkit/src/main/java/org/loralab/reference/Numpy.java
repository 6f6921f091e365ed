package org.loralab.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;

/**
 * numpy as an independent reference, in a separate process: the embedded {@code numpy_spectrum.py} run by
 * the first Python that imports numpy ({@code $LORALAB_PYTHON}, then {@code python3} on the PATH, then
 * Debian's {@code /usr/bin/python3}). Matrices travel as raw little-endian float64 files.
 *
 * @param python  the interpreter
 * @param version numpy's version and BLAS, as numpy reports them
 */
public record Numpy(String python, String version) {
    private static final String SCRIPT = "numpy_spectrum.py";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The Python interpreters to try, in order: {@code $LORALAB_PYTHON}, {@code python3} on the PATH, Debian's
     * {@code /usr/bin/python3} (where Debian's numpy and torch packages live when another Python comes first).
     */
    public static Set<String> interpreters() {
        Set<String> candidates = new LinkedHashSet<>();
        String configured = System.getenv("LORALAB_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        return candidates;
    }

    /** The first Python with numpy, or empty when there is none. */
    public static Optional<Numpy> find() {
        for (String python : interpreters()) {
            try {
                List<JsonNode> info = run(python, List.of("info"), 60);
                JsonNode first = info.get(0);
                return Optional.of(new Numpy(python, "numpy " + first.get("numpy").asText() + " (" + first.get("blas").asText() + ")"));
            } catch (IOException | RuntimeException e) {
                // not this one: no such interpreter, or no numpy
            }
        }
        return Optional.empty();
    }

    /** Writes {@code m} as raw little-endian float64 (row-major), the format the script reads. */
    public static void write(DMatrixRMaj m, Path file) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * m.getNumElements()).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(m.data, 0, m.getNumElements());
        try {
            Files.write(file, bytes.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script in {@code mode} on a manifest of {@code lines} (written to a temp file).
     *
     * @return one JSON object per matrix, in manifest order
     */
    public List<JsonNode> run(String mode, List<String> lines, List<String> extraArgs, long timeoutSeconds) {
        Path manifest = null;
        try {
            manifest = Files.createTempFile("loralab-numpy", ".txt");
            Files.write(manifest, lines, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of(mode, manifest.toString()));
            args.addAll(extraArgs);
            return run(python, args, timeoutSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (manifest != null) {
                manifest.toFile().delete();
            }
        }
    }

    private static List<JsonNode> run(String python, List<String> args, long timeoutSeconds) throws IOException {
        Path script = Files.createTempFile("loralab-", "-" + SCRIPT);
        try {
            try (InputStream in = Numpy.class.getResourceAsStream(SCRIPT)) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of(python, script.toString()));
            command.addAll(args);
            org.loralab.io.Processes.Result r;
            try {
                r = org.loralab.io.Processes.run(command, java.time.Duration.ofSeconds(timeoutSeconds));
            } catch (org.loralab.io.Processes.TimedOut e) {
                throw new IllegalStateException(python + " " + SCRIPT + " took over " + timeoutSeconds + " s");
            }
            if (!r.ok()) {
                throw new IllegalStateException(python + " " + SCRIPT + " " + args.get(0) + " exited with " + r.exitStatus());
            }
            List<JsonNode> rows = new ArrayList<>();
            for (String line : r.out().split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
            return rows;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
