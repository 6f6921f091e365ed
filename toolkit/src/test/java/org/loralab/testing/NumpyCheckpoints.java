package org.loralab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * numpy as the oracle for checkpoints (test resource {@code numpy_checkpoints.py}): the SVD of tuned - base read from
 * the safetensors files by a reader of its own, in float64, with metrics written from their definitions.
 */
public final class NumpyCheckpoints {
    private static final String SCRIPT = "numpy_checkpoints.py";
    private static final long TIMEOUT_SECONDS = 120;

    private NumpyCheckpoints() {
    }

    /** Runs {@code command} ({@code extract} or {@code spectrum}) on {@code args}; its JSON answer by tensor. */
    public static JsonNode run(String command, String... args) {
        String python = TorchOracle.requirePython();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("loralab-numpy");
            Path script = dir.resolve(SCRIPT);
            try (InputStream in = NumpyCheckpoints.class.getResourceAsStream(SCRIPT)) {
                Files.write(script, in.readAllBytes());
            }
            List<String> line = new ArrayList<>(List.of(python, script.toString(), command));
            line.addAll(List.of(args));
            org.loralab.io.Processes.Result r = org.loralab.io.Processes.run(line, java.time.Duration.ofSeconds(TIMEOUT_SECONDS));
            if (!r.ok()) {
                throw new AssertionError(SCRIPT + " " + command + " failed:\n" + r.out() + r.err());
            }
            return new ObjectMapper().readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            org.loralab.io.TemporaryFolders.deleteQuietly(dir);
        }
    }
}
