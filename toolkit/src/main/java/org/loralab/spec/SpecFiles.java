package org.loralab.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.loralab.BadInputException;

/** Reading spec files: their text, its YAML tree, and the name a spec without one takes from its file. */
public final class SpecFiles {
    private static final com.fasterxml.jackson.databind.ObjectMapper YAML = new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                    .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private SpecFiles() {
    }

    /** The YAML tree of spec text (a key given twice is an error); {@code source} names the text in errors. */
    public static com.fasterxml.jackson.databind.JsonNode tree(String text, String source) {
        try {
            return YAML.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
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
