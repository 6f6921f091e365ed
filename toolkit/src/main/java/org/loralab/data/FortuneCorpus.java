package org.loralab.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.loralab.BadInputException;

/**
 * Text from Debian's {@code fortunes} packages: the fortune files of one folder (those with a {@code .dat} index
 * beside them, as fortune(6) finds them), read in name order and split into entries at the {@code %} lines.
 */
public final class FortuneCorpus {
    /** English fortunes (Debian's {@code fortunes}). */
    public static final Path ENGLISH = Path.of("/usr/share/games/fortunes");
    /** German fortunes (Debian's {@code fortunes-de}). */
    public static final Path GERMAN = Path.of("/usr/share/games/fortunes/de");

    private FortuneCorpus() {
    }

    /**
     * The entries of every fortune file in {@code dir}, in file-name order then file order, each without its
     * trailing newline; empty entries are dropped.
     *
     * @throws BadInputException when the folder is missing, holds no fortune file, or a file is not UTF-8 text
     */
    public static List<String> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such text folder (on Debian: apt-get install fortunes fortunes-de)");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".dat"))
                    .map(p -> p.resolveSibling(p.getFileName().toString().replaceFirst("\\.dat$", "")))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new BadInputException(dir + ": no fortune files (text files with a .dat index beside them)");
        }
        List<String> entries = new ArrayList<>();
        for (Path file : files) {
            entries.addAll(entries(file, utf8(file)));
        }
        return entries;
    }

    /** The entries of one fortune file's text: the lines between lines that are just {@code %}. */
    static List<String> entries(Path file, String text) {
        List<String> entries = new ArrayList<>();
        StringBuilder entry = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.equals("%")) {
                add(entries, entry);
            } else {
                entry.append(line).append('\n');
            }
        }
        add(entries, entry);
        return entries;
    }

    private static void add(List<String> entries, StringBuilder entry) {
        String text = entry.toString().strip();
        if (!text.isEmpty()) {
            entries.add(text);
        }
        entry.setLength(0);
    }

    private static String utf8(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
