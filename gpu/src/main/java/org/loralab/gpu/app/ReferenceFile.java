package org.loralab.gpu.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file of F32 and F64 tensors, read whole (the reference files are small): what
 * {@code loralab bench gpu-reference} writes. Any other dtype, a truncated file or a bad header is an
 * {@link IllegalArgumentException} naming the file.
 */
final class ReferenceFile {
    private final Path path;
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private ReferenceFile(Path path) {
        this.path = path;
    }

    static ReferenceFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read reference file " + path + ": " + e.getMessage());
        }
        ReferenceFile file = new ReferenceFile(path);
        try {
            file.parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("reference file " + path + " is not a valid safetensors file: "
                    + e.getMessage());
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private void parse(ByteBuffer buffer) {
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || headerLength > buffer.capacity() - 8) {
            throw new IllegalArgumentException("header length " + headerLength + " does not fit the file");
        }
        String header = new String(buffer.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        int dataStart = 8 + (int) headerLength;
        Map<String, Object> entries = (Map<String, Object>) Json.parse(header);
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Map<String, Object> info = (Map<String, Object>) e.getValue();
            if (e.getKey().equals("__metadata__")) {
                info.forEach((k, v) -> metadata.put(k, (String) v));
                continue;
            }
            String dtype = (String) info.get("dtype");
            List<Object> shape = (List<Object>) info.get("shape");
            List<Object> offsets = (List<Object>) info.get("data_offsets");
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F64" -> 8;
                default -> throw new IllegalArgumentException(e.getKey() + " has dtype " + dtype + "; only F32 and F64 are read");
            };
            int[] dims = shape.stream().mapToInt(o -> Math.toIntExact((Long) o)).toArray();
            long count = 1;
            for (int d : dims) {
                count *= d;
            }
            long begin = (Long) offsets.get(0);
            long end = (Long) offsets.get(1);
            if (end - begin != count * width || dataStart + end > buffer.capacity() || begin < 0) {
                throw new IllegalArgumentException(e.getKey() + ": data offsets " + begin + ".." + end + " do not fit");
            }
            double[] v = new double[(int) count];
            for (int i = 0; i < v.length; i++) {
                int pos = dataStart + (int) begin + i * width;
                v[i] = width == 4 ? buffer.getFloat(pos) : buffer.getDouble(pos);
            }
            values.put(e.getKey(), v);
            shapes.put(e.getKey(), dims);
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
