package org.loralab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolkitBuildTest {

    @Test
    void theIdChangesWithTheToolkitsOwnClassesOnly(@TempDir Path dir) throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("org/loralab/train"));
        Files.writeString(classes.resolve("org/loralab/train/Adam.class"), "v1");
        byte[] first = ToolkitBuild.digest(classes);
        assertThat(ToolkitBuild.digest(classes)).isEqualTo(first);
        Files.createDirectories(classes.resolve("org/other"));
        Files.writeString(classes.resolve("org/other/Lib.class"), "x");
        assertThat(ToolkitBuild.digest(classes)).as("other libraries do not count").isEqualTo(first);
        Files.writeString(classes.resolve("org/loralab/train/Adam.class"), "v2");
        assertThat(ToolkitBuild.digest(classes)).as("a changed class").isNotEqualTo(first);

        Path jar1 = jar(dir.resolve("a.jar"), "v1");
        Path jar2 = jar(dir.resolve("b.jar"), "v2");
        assertThat(ToolkitBuild.digest(jar1)).isEqualTo(ToolkitBuild.digest(jar(dir.resolve("c.jar"), "v1")))
                .isNotEqualTo(ToolkitBuild.digest(jar2));
        assertThat(ToolkitBuild.id()).hasSize(16).matches("[0-9a-f]+");
    }

    private static Path jar(Path file, String content) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("org/loralab/train/Adam.class"));
            jar.write(content.getBytes());
            jar.closeEntry();
        }
        return file;
    }
}
