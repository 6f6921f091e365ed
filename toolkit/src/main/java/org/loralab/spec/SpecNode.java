package org.loralab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.loralab.BadInputException;

/**
 * One mapping of a YAML spec, read key by key with typed getters. Every error names the file and the
 * full key path; {@link #finish()} rejects keys nobody read, so a typo never passes silently.
 */
public final class SpecNode {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();
    /** Hears every key a reader asks about on this thread ({@link #observeKeys}); the spec schema's test listens. */
    private static final ThreadLocal<java.util.function.Consumer<String>> OBSERVER = new ThreadLocal<>();

    /**
     * Until the returned handle is closed, tells {@code observer} the full path of every key a reader on this thread
     * asks about (reads, optional reads and presence checks), whether the spec has it or not.
     */
    public static AutoCloseable observeKeys(java.util.function.Consumer<String> observer) {
        OBSERVER.set(observer);
        return OBSERVER::remove;
    }

    private void observe(String k) {
        java.util.function.Consumer<String> o = OBSERVER.get();
        if (o != null) {
            o.accept(key(k));
        }
    }

    public SpecNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (node == null || !node.isObject()) {
            throw error(path.isEmpty() ? "the spec must be a YAML mapping of keys to values"
                    : "key '" + path + "' must be a mapping of keys to values");
        }
    }

    /** The full key of this mapping ("task.pretrain"), empty for the spec itself. */
    public String path() {
        return path;
    }

    public BadInputException error(String message) {
        return new BadInputException(file + ": " + message);
    }

    private String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    public boolean has(String k) {
        observe(k);
        JsonNode v = node.get(k);
        return v != null && !v.isNull();
    }

    private JsonNode required(String k) {
        read.add(k);
        observe(k);
        if (!has(k)) {
            throw error("missing key '" + key(k) + "'");
        }
        return node.get(k);
    }

    public SpecNode child(String k) {
        return new SpecNode(file, key(k), required(k));
    }

    public String text(String k) {
        JsonNode v = required(k);
        if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
            throw error("key '" + key(k) + "' must be a text value");
        }
        return v.asText();
    }

    public String text(String k, String fallback) {
        read.add(k);
        return has(k) ? text(k) : fallback;
    }

    public int integer(String k) {
        return toInt(key(k), required(k));
    }

    public int integer(String k, int fallback) {
        read.add(k);
        return has(k) ? integer(k) : fallback;
    }

    public long longInteger(String k) {
        return toLong(key(k), required(k));
    }

    public double number(String k) {
        return toDouble(key(k), required(k));
    }

    public double number(String k, double fallback) {
        read.add(k);
        return has(k) ? number(k) : fallback;
    }

    public boolean bool(String k, boolean fallback) {
        read.add(k);
        if (!has(k)) {
            return fallback;
        }
        JsonNode v = node.get(k);
        if (!v.isBoolean()) {
            throw error("key '" + key(k) + "' must be true or false, got '" + v.asText() + "'");
        }
        return v.booleanValue();
    }

    public <E extends Enum<E>> E choice(String k, E fallback, Class<E> type) {
        read.add(k);
        if (!has(k)) {
            return fallback;
        }
        String v = text(k);
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error("key '" + key(k) + "' must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + v + "'");
        }
    }

    public boolean isList(String k) {
        return has(k) && node.get(k).isArray();
    }

    public List<Integer> integers(String k) {
        return list(k, v -> toInt(key(k), v));
    }

    public List<Long> longIntegers(String k) {
        return list(k, v -> toLong(key(k), v));
    }

    public List<Double> numbers(String k) {
        return list(k, v -> toDouble(key(k), v));
    }

    public List<String> texts(String k, List<String> fallback) {
        read.add(k);
        return has(k) ? list(k, JsonNode::asText) : fallback;
    }

    /** A list whose entries {@code element} converts (it gets the entry's key path, such as {@code lora.grid.alpha[1]}). */
    public <T> List<T> entries(String k, java.util.function.BiFunction<String, JsonNode, T> element) {
        JsonNode v = required(k);
        if (!v.isArray()) {
            throw error("key '" + key(k) + "' must be a list, like [1, 2, 4]");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(element.apply(key(k) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    private <T> List<T> list(String k, Function<JsonNode, T> element) {
        return entries(k, (key, v) -> element.apply(v));
    }

    /** Rejects keys of this mapping that were never read. */
    public void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) {
                throw error("unknown key '" + key(k) + "'" + (read.isEmpty() ? "" : "; known keys here are " + read));
            }
        }
    }

    private int toInt(String k, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error("key '" + k + "' must be an integer, got '" + v.asText() + "'");
        }
        return v.intValue();
    }

    private long toLong(String k, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error("key '" + k + "' must be an integer, got '" + v.asText() + "'");
        }
        return v.longValue();
    }

    private double toDouble(String k, JsonNode v) {
        if (!v.isNumber()) {
            throw error("key '" + k + "' must be a number, got '" + v.asText() + "'");
        }
        return v.doubleValue();
    }

    /** A folder named by key {@code k} (or {@code fallback}), which must exist; the error names the Debian package. */
    public Path folder(String k, Path fallback, String debianPackage) {
        Path dir = Path.of(text(k, fallback.toString()));
        if (!Files.isDirectory(dir)) {
            throw error("key '" + key(k) + "': " + dir + " does not exist (on Debian: apt-get install " + debianPackage + ")");
        }
        return dir;
    }

    /** Runs a constructor, turning its IllegalArgumentException into an error naming {@code section}. */
    public <T> T valid(String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw error((section.isEmpty() ? "" : section + ": ") + e.getMessage());
        }
    }
}
