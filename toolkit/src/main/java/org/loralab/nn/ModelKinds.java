package org.loralab.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The architectures that model files can hold, by {@link ModelConfig#kind()}. A new model is its {@link Model}, its
 * {@link ModelConfig} and one line here.
 */
public final class ModelKinds {
    private static final Map<String, Function<JsonNode, ModelConfig>> READERS = new LinkedHashMap<>();

    static {
        READERS.put(MlpConfig.KIND, MlpConfig::read);
        READERS.put(TransformerConfig.KIND, TransformerConfig::read);
    }

    private ModelKinds() {
    }

    /** The metadata key of a model file holding an architecture of {@code kind}. */
    public static String metadataKey(String kind) {
        return "loralab." + kind;
    }

    /** Every registered kind, in registration order. */
    public static Iterable<String> all() {
        return READERS.keySet();
    }

    /** The reader of {@code kind}'s {@link ModelConfig#fields()}. */
    public static Optional<Function<JsonNode, ModelConfig>> reader(String kind) {
        return Optional.ofNullable(READERS.get(kind));
    }
}
