package org.loralab.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Shape of a multi-layer perceptron: input -> hidden layers -> output.
 *
 * @param inputSize  features per example, >= 1
 * @param hiddenSizes widths of the hidden layers, in order; may be empty (a linear model)
 * @param outputSize outputs per example, >= 1
 * @param activation nonlinearity after every hidden layer
 */
public record MlpConfig(int inputSize, List<Integer> hiddenSizes, int outputSize, Activation activation)
        implements ModelConfig {

    /** Name of the output module; hidden modules are {@code layers.0}, {@code layers.1}, ... */
    public static final String HEAD = "head";

    /** {@link ModelConfig#kind()} of MLPs. */
    public static final String KIND = "mlp";

    public MlpConfig {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
        }
        if (outputSize < 1) {
            throw new IllegalArgumentException("output_size must be >= 1, got " + outputSize);
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        for (int h : hiddenSizes) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden_sizes must all be >= 1, got " + hiddenSizes);
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must be set");
        }
    }

    @Override
    public Map<String, int[]> moduleShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        int in = inputSize;
        for (int i = 0; i < hiddenSizes.size(); i++) {
            shapes.put("layers." + i, new int[] {hiddenSizes.get(i), in});
            in = hiddenSizes.get(i);
        }
        shapes.put(HEAD, new int[] {outputSize, in});
        return shapes;
    }

    @Override
    public Mlp initialize(DataType dtype, long seed) {
        return Mlp.initialize(this, dtype, seed);
    }

    @Override
    public String describe() {
        return "MLP " + inputSize + " -> " + hiddenSizes + " -> " + outputSize + ", " + activation.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("input_size", inputSize);
        f.put("hidden_sizes", hiddenSizes);
        f.put("output_size", outputSize);
        f.put("activation", activation.name().toLowerCase(Locale.ROOT));
        return f;
    }

    /** The config that {@link #fields()} wrote. */
    public static MlpConfig read(JsonNode f) {
        List<Integer> hidden = new ArrayList<>();
        f.get("hidden_sizes").forEach(h -> hidden.add(h.asInt()));
        return new MlpConfig(f.get("input_size").asInt(), hidden, f.get("output_size").asInt(),
                Activation.valueOf(f.get("activation").asText().toUpperCase(Locale.ROOT)));
    }
}
