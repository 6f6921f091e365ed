package org.loralab.gpu.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loralab.BadInputException;
import org.loralab.format.SafetensorsFile;
import org.loralab.format.TensorInfo;

/**
 * A reference file of {@code loralab bench gpu-reference}, read whole (they are small) with the toolkit's own checked
 * safetensors reader. A missing tensor or metadata key, a truncated file or a bad header is an
 * {@link IllegalArgumentException} naming the file.
 */
final class ReferenceFile {
    private final Path path;
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, String> metadata;

    private ReferenceFile(Path path, SafetensorsFile file) {
        this.path = path;
        for (TensorInfo t : file.tensors().values()) {
            values.put(t.name(), file.read(t.name()));
            shapes.put(t.name(), Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray());
        }
        this.metadata = Map.copyOf(file.metadata());
    }

    static ReferenceFile read(Path path) {
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            return new ReferenceFile(path, file);
        } catch (BadInputException e) {
            throw new IllegalArgumentException("reference file: " + e.getMessage(), e);
        }
    }

    /** The values of tensor {@code name}, row-major. */
    double[] values(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("reference file " + path + " has no tensor '" + name + "'");
        }
        return v;
    }

    /** The values as float32 (inputs are stored as F32, so this is exact for them). */
    float[] floats(String name) {
        double[] v = values(name);
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    int[] shape(String name) {
        values(name);
        return shapes.get(name).clone();
    }

    String metadata(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("reference file " + path + " has no metadata '" + key + "'");
        }
        return v;
    }
}
