package org.loralab.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.loralab.io.AtomicFiles;

/**
 * Writes safetensors files atomically (a temporary file renamed into place): the header first, then each
 * tensor's values converted to its dtype, one tensor in memory at a time. Floats round to nearest even.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /**
     * One tensor to write.
     *
     * @param values supplies the row-major values (asked once, when the tensor is written)
     */
    public record Tensor(String name, DType dtype, long[] shape, Supplier<double[]> values) {
        public Tensor {
            shape = shape.clone();
        }

        /** A tensor from values already in memory. */
        public static Tensor of(String name, DType dtype, long[] shape, double[] values) {
            return new Tensor(name, dtype, shape, () -> values);
        }

        long elementCount() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Writes {@code tensors} (in this order) and {@code metadata} to {@code target}. */
    public static void write(Path target, List<Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.containsKey(t.name())) {
                throw new IllegalArgumentException("tensor name '" + t.name() + "' appears twice");
            }
            long bytes = t.elementCount() * t.dtype().size();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype().name());
            entry.put("shape", t.shape());
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(t.name(), entry);
            offset += bytes;
        }
        byte[] json = headerBytes(header);
        AtomicFiles.write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length);
                out.write(length.array());
                out.write(json);
                for (Tensor t : tensors) {
                    writeValues(out, t);
                }
            }
        });
    }

    private static byte[] headerBytes(Map<String, Object> header) {
        try {
            String text = JSON.writeValueAsString(header);
            // pad with spaces so that the data starts 8-byte aligned, as the reference writer does
            StringBuilder padded = new StringBuilder(text);
            while (padded.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
                padded.append(' ');
            }
            return padded.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValues(OutputStream out, Tensor t) throws IOException {
        double[] values = t.values().get();
        if (values.length != t.elementCount()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' has " + values.length + " values for shape "
                    + java.util.Arrays.toString(t.shape()));
        }
        int size = t.dtype().size();
        int perChunk = 1 << 20;
        ByteBuffer buffer = ByteBuffer.allocate(perChunk * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += perChunk) {
            int count = Math.min(perChunk, values.length - start);
            for (int i = 0; i < count; i++) {
                t.dtype().put(buffer, i * size, values[start + i]);
            }
            out.write(buffer.array(), 0, count * size);
        }
    }
}
