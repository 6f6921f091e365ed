package org.loralab.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.loralab.BadInputException;
import org.loralab.linalg.MatrixBridge;
import org.loralab.nn.Activation;
import org.loralab.nn.Linear;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The toolkit's models as safetensors files: each module's base weight as {@code <module>.weight} [out, in]
 * and bias as {@code <module>.bias} [out] (the names Hugging Face uses), the architecture in the metadata.
 * LoRA adapters are not part of it: export them with {@link PeftAdapter}, or merge them first.
 */
public final class ModelFiles {
    /** The metadata key holding the MLP's architecture as JSON. */
    public static final String CONFIG_KEY = "loralab.mlp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /** Writes {@code model}'s base weights in {@code dtype} to {@code file} (atomically). */
    public static void save(Mlp model, Path file, DType dtype) {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        model.modules().forEach((name, layer) -> {
            Linear base = layer.base();
            tensors.add(SafetensorsWriter.Tensor.of(name + ".weight", dtype,
                    new long[] {base.outFeatures(), base.inFeatures()}, base.weight().value().castTo(DataType.DOUBLE)
                            .dup('c').data().asDouble()));
            tensors.add(SafetensorsWriter.Tensor.of(name + ".bias", dtype, new long[] {base.outFeatures()},
                    base.bias().value().castTo(DataType.DOUBLE).dup('c').data().asDouble()));
        });
        MlpConfig c = model.config();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("input_size", c.inputSize());
        config.put("hidden_sizes", c.hiddenSizes());
        config.put("output_size", c.outputSize());
        config.put("activation", c.activation().name().toLowerCase(Locale.ROOT));
        try {
            SafetensorsWriter.write(file, tensors, Map.of("format", "pt", CONFIG_KEY, JSON.writeValueAsString(config)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a model written by {@link #save} into arrays of {@code dtype}. */
    public static Mlp load(Path file, DataType dtype) {
        try (Checkpoint checkpoint = Checkpoint.open(file)) {
            String text = checkpoint.metadata().get(CONFIG_KEY);
            if (text == null) {
                throw new BadInputException(file + ": not a LoRA Lab model (no '" + CONFIG_KEY + "' metadata)");
            }
            MlpConfig config;
            try {
                JsonNode c = JSON.readTree(text);
                List<Integer> hidden = new ArrayList<>();
                c.get("hidden_sizes").forEach(h -> hidden.add(h.asInt()));
                config = new MlpConfig(c.get("input_size").asInt(), hidden, c.get("output_size").asInt(),
                        Activation.valueOf(c.get("activation").asText().toUpperCase(Locale.ROOT)));
            } catch (JsonProcessingException | RuntimeException e) {
                throw new BadInputException(file + ": metadata '" + CONFIG_KEY + "' is not a valid architecture (" + e.getMessage() + ")");
            }
            Mlp model = Mlp.initialize(config, dtype, 0);
            for (Map.Entry<String, int[]> e : config.moduleShapes().entrySet()) {
                Linear base = model.module(e.getKey()).base();
                org.ejml.data.DMatrixRMaj w = checkpoint.matrix(e.getKey() + ".weight", false);
                if (w.numRows != e.getValue()[0] || w.numCols != e.getValue()[1]) {
                    throw new BadInputException(file + ": tensor '" + e.getKey() + ".weight' is " + w.numRows + "x" + w.numCols
                            + " but the architecture needs " + e.getValue()[0] + "x" + e.getValue()[1]);
                }
                base.weight().value().assign(MatrixBridge.toNd4j(w, dtype));
                double[] bias = checkpoint.read(e.getKey() + ".bias");
                if (bias.length != e.getValue()[0]) {
                    throw new BadInputException(file + ": tensor '" + e.getKey() + ".bias' has " + bias.length + " values, not "
                            + e.getValue()[0]);
                }
                base.bias().value().assign(Nd4j.create(bias, base.bias().value().shape(), dtype));
            }
            return model;
        }
    }
}
