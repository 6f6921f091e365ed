package org.loralab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary folders the toolkit makes for a child process or a test. */
public final class TemporaryFolders {
    private TemporaryFolders() {
    }

    /**
     * Deletes {@code folder} and everything in it, as far as it can; does nothing for null. Never throws: a temporary
     * folder left behind is harmless, and cleaning up must not hide the error that ended the work.
     */
    public static void deleteQuietly(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // left behind
        }
    }
}
