package org.loralab.spec;

/**
 * One key of a spec section, as the spec reference documents it.
 *
 * @param name     the key within its section ({@code batch_size})
 * @param type     what it takes, with the allowed values or range ({@code integer >= 1}, {@code adam | adamw})
 * @param fallback its default, or {@link #REQUIRED}
 * @param meaning  one sentence
 */
public record SpecKey(String name, String type, String fallback, String meaning) {
    /** The fallback of a key without a default. */
    public static final String REQUIRED = "required";

    /** A key every spec of its section must give. */
    public static SpecKey required(String name, String type, String meaning) {
        return new SpecKey(name, type, REQUIRED, meaning);
    }

    /** An optional key and its default. */
    public static SpecKey optional(String name, String type, String fallback, String meaning) {
        return new SpecKey(name, type, fallback, meaning);
    }
}
