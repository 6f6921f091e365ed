package org.loralab.nn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.loralab.BadInputException;
import org.loralab.format.Checkpoint;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The toolkit's models as safetensors files: every base tensor under the model's {@link Model#state} names (for linear
 * modules {@code <module>.weight} [out, in] and {@code <module>.bias} [out], the names Hugging Face uses), the
 * architecture as JSON in the metadata. LoRA adapters are not part of it: export them as PEFT adapter folders, or
 * merge them first.
 */
public final class ModelFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /** Writes {@code model}'s base tensors in {@code dtype} to {@code file} (atomically). */
    public static void save(Model model, Path file, DType dtype) {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        model.state().forEach((name, value) -> tensors.add(SafetensorsWriter.Tensor.of(name, dtype, value.shape(),
                value.castTo(DataType.DOUBLE).dup('c').data().asDouble())));
        String key = ModelKinds.metadataKey(model.config().kind());
        Map<String, Object> config = model.config().fields();
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
        List<String> keys = new ArrayList<>();
        for (String kind : ModelKinds.all()) {
            String key = ModelKinds.metadataKey(kind);
            keys.add("'" + key + "'");
            String text = metadata.get(key);
            if (text == null) {
                continue;
            }
            try {
                return ModelKinds.reader(kind).orElseThrow().apply(JSON.readTree(text));
            } catch (JsonProcessingException | RuntimeException e) {
                throw new BadInputException(file + ": metadata '" + key + "' is not a valid architecture (" + e.getMessage()
                        + ")");
            }
        }
        throw new BadInputException(file + ": not a LoRA Lab model (no " + String.join(" or ", keys) + " metadata)");
    }
}
