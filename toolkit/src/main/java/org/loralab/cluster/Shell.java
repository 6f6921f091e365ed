package org.loralab.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for the batch scripts: every word single-quoted, so paths with spaces or {@code $} stay one word. */
final class Shell {
    private Shell() {
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static String words(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
