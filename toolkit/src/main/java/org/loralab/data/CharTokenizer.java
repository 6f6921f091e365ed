package org.loralab.data;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;

/**
 * Characters (Unicode code points) as token ids: id 0 stands for any character outside the vocabulary, ids 1.. for
 * the vocabulary's characters in code point order. Equal texts and thresholds give equal vocabularies.
 */
public final class CharTokenizer {
    /** The id of characters outside the vocabulary. */
    public static final int UNKNOWN = 0;
    private final int[] codePoints; // sorted; the character of id i + 1

    private CharTokenizer(int[] codePoints) {
        this.codePoints = codePoints;
    }

    /** The characters that occur at least {@code minCount} times in {@code texts} (all of them together). */
    public static CharTokenizer fit(Collection<String> texts, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("min_count must be >= 1, got " + minCount);
        }
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        texts.forEach(t -> t.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum)));
        return new CharTokenizer(counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .mapToInt(e -> e.getKey()).toArray());
    }

    /** Tokens, the unknown one included. */
    public int vocabSize() {
        return codePoints.length + 1;
    }

    public int[] encode(String text) {
        return text.codePoints().map(this::id).toArray();
    }

    /** The text of {@code ids}; the unknown id becomes U+FFFD. */
    public String decode(int[] ids) {
        StringBuilder s = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= vocabSize()) {
                throw new IllegalArgumentException("token " + id + " is outside the vocabulary of " + vocabSize());
            }
            s.appendCodePoint(id == UNKNOWN ? 0xFFFD : codePoints[id - 1]);
        }
        return s.toString();
    }

    private int id(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i + 1 : UNKNOWN;
    }

    /** The vocabulary's characters in id order (without the unknown token), for fingerprints and reports. */
    public String vocabulary() {
        return new String(codePoints, 0, codePoints.length);
    }
}
