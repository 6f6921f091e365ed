package org.loralab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that readers see the old content or the whole new content, never a part: the data
 * goes to a temporary file in the same folder, which is then renamed over the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes a file at a given path. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path path) throws IOException;
    }

    /** Runs {@code writer} on a temporary path next to {@code target}, then renames it to {@code target}. */
    public static void write(Path target, FileWriter writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            writer.write(tmp);
            makeReadable(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename succeeded or the write already failed; nothing more to do
                }
            }
        }
    }

    /** Temporary files are created owner-only; outputs are ordinary files (rw-r--r--) like any other. */
    private static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Copies {@code from} to {@code target} atomically (readers see the old file or the whole new one). */
    public static void copy(Path from, Path target) {
        write(target, tmp -> Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    public static void writeString(Path target, String content) {
        write(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }
}
