package org.loralab.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.loralab.BadInputException;
import org.loralab.nn.Activation;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Model;
import org.loralab.nn.ModelConfig;
import org.loralab.nn.TransformerConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The toolkit's models as safetensors files: every base tensor under the model's {@link Model#state} names (for linear
 * modules {@code <module>.weight} [out, in] and {@code <module>.bias} [out], the names Hugging Face uses), the
 * architecture as JSON in the metadata. LoRA adapters are not part of it: export them with {@link PeftAdapter}, or
 * merge them first.
 */
public final class ModelFiles {
    /** The metadata key holding an MLP's architecture. */
    public static final String MLP_KEY = "loralab.mlp";
    /** The metadata key holding a transformer's architecture. */
    public static final String TRANSFORMER_KEY = "loralab.transformer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /** Writes {@code model}'s base tensors in {@code dtype} to {@code file} (atomically). */
    public static void save(Model model, Path file, DType dtype) {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        model.state().forEach((name, value) -> tensors.add(SafetensorsWriter.Tensor.of(name, dtype, value.shape(),
                value.castTo(DataType.DOUBLE).dup('c').data().asDouble())));
        Map<String, Object> config = new LinkedHashMap<>();
        String key;
        if (model.config() instanceof MlpConfig c) {
            key = MLP_KEY;
            config.put("input_size", c.inputSize());
            config.put("hidden_sizes", c.hiddenSizes());
            config.put("output_size", c.outputSize());
            config.put("activation", c.activation().name().toLowerCase(Locale.ROOT));
        } else {
            TransformerConfig c = (TransformerConfig) model.config();
            key = TRANSFORMER_KEY;
            config.put("vocab_size", c.vocabSize());
            config.put("context_length", c.contextLength());
            config.put("width", c.width());
            config.put("layers", c.layers());
            config.put("heads", c.heads());
            config.put("mlp_width", c.mlpWidth());
        }
        try {
            SafetensorsWriter.write(file, tensors, Map.of("format", "pt", key, JSON.writeValueAsString(config)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a model written by {@link #save} into arrays of {@code dtype}. */
    public static Model load(Path file, DataType dtype) {
        try (Checkpoint checkpoint = Checkpoint.open(file)) {
            Model model = architecture(file, checkpoint.metadata()).initialize(dtype, 0);
            for (Map.Entry<String, INDArray> e : model.state().entrySet()) {
                String name = e.getKey();
                INDArray target = e.getValue();
                if (!checkpoint.contains(name)) {
                    throw new BadInputException(file + ": tensor '" + name + "' is missing");
                }
                long[] shape = checkpoint.info(name).shape();
                if (!Arrays.equals(shape, target.shape())) {
                    throw new BadInputException(file + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
                            + " but the architecture needs " + Arrays.toString(target.shape()));
                }
                double[] values = checkpoint.read(name);
                for (double v : values) {
                    if (!Double.isFinite(v)) {
                        throw new BadInputException(file + ": tensor '" + name + "' holds NaN or infinite values");
                    }
                }
                target.assign(Nd4j.create(values, target.shape(), 'c').castTo(dtype));
            }
            return model;
        }
    }

    /**
     * The model saved at {@code file} when it exists; otherwise {@code build}'s model, saved there (in {@code dtype}'s
     * precision) for the next call. With a null {@code file}, just {@code build}'s model.
     */
    public static Model loadOrBuild(Path file, DataType dtype, Supplier<? extends Model> build) {
        if (file != null && Files.isRegularFile(file)) {
            return load(file, dtype);
        }
        Model model = build.get();
        if (file != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            save(model, file, dtype == DataType.DOUBLE ? DType.F64 : DType.F32);
        }
        return model;
    }

    private static ModelConfig architecture(Path file, Map<String, String> metadata) {
        String key = metadata.containsKey(MLP_KEY) ? MLP_KEY : TRANSFORMER_KEY;
        String text = metadata.get(key);
        if (text == null) {
            throw new BadInputException(file + ": not a LoRA Lab model (no '" + MLP_KEY + "' or '" + TRANSFORMER_KEY
                    + "' metadata)");
        }
        try {
            JsonNode c = JSON.readTree(text);
            if (key.equals(MLP_KEY)) {
                List<Integer> hidden = new ArrayList<>();
                c.get("hidden_sizes").forEach(h -> hidden.add(h.asInt()));
                return new MlpConfig(c.get("input_size").asInt(), hidden, c.get("output_size").asInt(),
                        Activation.valueOf(c.get("activation").asText().toUpperCase(Locale.ROOT)));
            }
            return new TransformerConfig(c.get("vocab_size").asInt(), c.get("context_length").asInt(), c.get("width").asInt(),
                    c.get("layers").asInt(), c.get("heads").asInt(), c.get("mlp_width").asInt());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new BadInputException(file + ": metadata '" + key + "' is not a valid architecture (" + e.getMessage() + ")");
        }
    }
}
