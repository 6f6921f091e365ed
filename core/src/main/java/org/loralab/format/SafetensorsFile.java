package org.loralab.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.BadInputException;

/**
 * A safetensors file opened for reading: the header is parsed and checked as untrusted input when the file is
 * opened; each tensor is read on demand from a read-only memory map of its own bytes, so reading one tensor
 * costs memory for that tensor only. Layout: an 8-byte little-endian header length N, N bytes of JSON, then
 * the data, row-major and little-endian.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The largest header accepted (the format's reference implementation uses the same bound). */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The most elements one tensor may have to be read into a Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and checks {@code path}.
     *
     * @throws BadInputException naming the file (and tensor) when the file is not a valid safetensors file
     */
    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw bad(path, "too short for a safetensors file (" + size + " bytes)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw bad(path, "header length " + Long.toUnsignedString(headerLength) + " is impossible for a file of "
                        + size + " bytes (at most " + MAX_HEADER_BYTES + " and within the file)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataSize = size - 8 - headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(path, header.array(), dataSize, metadata);
            return new SafetensorsFile(path, channel, 8 + headerLength, tensors, metadata);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BadInputException(path + ": cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path path, byte[] bytes, long dataSize, Map<String, String> metadata) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw bad(path, "header is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw bad(path, "header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                readMetadata(path, e.getValue(), metadata);
            } else {
                tensors.put(e.getKey(), tensorInfo(path, e.getKey(), e.getValue(), dataSize));
            }
        }
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < byOffset.size(); i++) {
            TensorInfo previous = byOffset.get(i - 1);
            TensorInfo t = byOffset.get(i);
            if (t.begin() < previous.end()) {
                throw bad(path, "tensors '" + previous.name() + "' and '" + t.name() + "' overlap (bytes "
                        + previous.begin() + "-" + previous.end() + " and " + t.begin() + "-" + t.end() + ")");
            }
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw bad(path, "__metadata__ is not an object of strings");
        }
        node.fields().forEachRemaining(m -> {
            if (!m.getValue().isTextual()) {
                throw bad(path, "__metadata__ value '" + m.getKey() + "' is not a string");
            }
            metadata.put(m.getKey(), m.getValue().asText());
        });
    }

    private static TensorInfo tensorInfo(Path path, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) {
            throw bad(path, where + "entry is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        DType dtype = dtypeNode != null && dtypeNode.isTextual() ? DType.parse(dtypeNode.asText()) : null;
        if (dtype == null) {
            throw bad(path, where + "unknown dtype " + dtypeNode);
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw bad(path, where + "shape is missing or not a list");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw bad(path, where + "shape " + shapeNode + " has an invalid dimension");
            }
            shape[i] = d.asLong();
            if (shape[i] != 0 && elements > Long.MAX_VALUE / dtype.size() / shape[i]) {
                throw bad(path, where + "shape " + shapeNode + " is absurdly large");
            }
            elements *= shape[i];
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber() || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw bad(path, where + "data_offsets must be [begin, end], got " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(path, where + "data_offsets [" + begin + ", " + end + "] lie outside the " + dataSize + " data bytes");
        }
        if (end - begin != elements * dtype.size()) {
            throw bad(path, where + (end - begin) + " bytes do not hold shape " + shapeNode + " of " + dtype
                    + " (" + elements * dtype.size() + " bytes)");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    public Path path() {
        return path;
    }

    /** Every tensor's header entry, by name, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} (empty when absent). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The header entry of {@code name}. */
    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new BadInputException(path + ": no tensor named '" + name + "'");
        }
        return t;
    }

    /** The elements of tensor {@code name}, row-major, widened to double. */
    public double[] read(String name) {
        TensorInfo t = info(name);
        if (!t.dtype().readable()) {
            throw new BadInputException(path + ": tensor '" + name + "': dtype " + t.dtype() + " is not supported");
        }
        if (t.elementCount() > MAX_ELEMENTS) {
            throw new BadInputException(path + ": tensor '" + name + "' has " + t.elementCount()
                    + " elements, more than one Java array holds");
        }
        double[] out = new double[(int) t.elementCount()];
        int size = t.dtype().size();
        long chunkBytes = (long) (CHUNK / size) * size;
        int index = 0;
        try {
            for (long offset = t.begin(); offset < t.end(); offset += chunkBytes) {
                long length = Math.min(chunkBytes, t.end() - offset);
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offset, length);
                map.order(ByteOrder.LITTLE_ENDIAN);
                for (int at = 0; at < length; at += size) {
                    out[index++] = t.dtype().get(map, at);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(path + ": tensor '" + name + "' cannot be read (" + e.getMessage() + ")");
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static BadInputException bad(Path path, String message) {
        return new BadInputException(path + ": " + message);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
