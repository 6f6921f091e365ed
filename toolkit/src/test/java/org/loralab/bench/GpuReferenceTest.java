package org.loralab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference files the GPU module checks against are committed (the GPU machine has no ND4J): they
 * must be exactly what the current CPU layers compute, or the GPU would be held to stale numbers.
 */
class GpuReferenceTest {

    @Test
    void committedReferenceFilesAreWhatTheCpuLayersComputeNow(@TempDir Path dir) throws IOException {
        GpuReference.write(dir);
        Path committed = Path.of("..", "reports", "gpu", "reference");
        for (String file : new String[] {GpuReference.LAYER_FILE, GpuReference.MLP_FILE}) {
            boolean same = java.util.Arrays.equals(Files.readAllBytes(dir.resolve(file)),
                    Files.readAllBytes(committed.resolve(file)));
            assertThat(same).as("%s differs: regenerate with `loralab bench gpu-reference --out reports/gpu/reference`", file)
                    .isTrue();
        }
    }
}
