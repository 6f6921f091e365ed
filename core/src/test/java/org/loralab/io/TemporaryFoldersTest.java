package org.loralab.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryFoldersTest {

    @Test
    void deletesATreeAndIgnoresWhatIsNotThere(@TempDir Path dir) throws IOException {
        Path tree = dir.resolve("work");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/c.txt"), "x");
        Files.writeString(tree.resolve("d.txt"), "y");
        TemporaryFolders.deleteQuietly(tree);
        assertThat(tree).doesNotExist();
        assertThat(dir).exists();
        TemporaryFolders.deleteQuietly(tree); // already gone
        TemporaryFolders.deleteQuietly(null);
    }
}
