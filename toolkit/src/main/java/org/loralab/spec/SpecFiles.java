package org.loralab.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.loralab.BadInputException;

/** Reading spec files: their text, and the name a spec without one takes from its file. */
public final class SpecFiles {
    private SpecFiles() {
    }

    /** The file's text; a missing or unreadable file is one error line naming it. */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The file's name without {@code .yaml} or {@code .yml}: the name of a spec that gives none. */
    public static String defaultName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }
}
