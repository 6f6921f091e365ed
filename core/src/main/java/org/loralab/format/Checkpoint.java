package org.loralab.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.loralab.BadInputException;

/**
 * The tensors of a model checkpoint, whether one safetensors file, a sharded checkpoint (its
 * {@code model.safetensors.index.json}, whose {@code weight_map} names each tensor's shard) or a folder
 * holding either. Tensors are read one at a time.
 */
public final class Checkpoint implements AutoCloseable {
    /** The index file name of a sharded Hugging Face checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final Map<String, SafetensorsFile> byTensor;
    private final List<SafetensorsFile> files;

    private Checkpoint(Path source, Map<String, SafetensorsFile> byTensor, List<SafetensorsFile> files) {
        this.source = source;
        this.byTensor = byTensor;
        this.files = files;
    }

    /** Opens a file, an index or a folder, checking every header (not the data). */
    public static Checkpoint open(Path path) {
        if (Files.isDirectory(path)) {
            Path index = path.resolve(INDEX);
            if (Files.isRegularFile(index)) {
                return openIndex(index);
            }
            List<Path> shards;
            try (Stream<Path> list = Files.list(path)) {
                shards = list.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            } catch (IOException e) {
                throw new BadInputException(path + ": cannot list the folder (" + e.getMessage() + ")");
            }
            if (shards.isEmpty()) {
                throw new BadInputException(path + ": no .safetensors file and no " + INDEX + " in this folder");
            }
            return openFiles(path, shards);
        }
        if (path.getFileName() != null && path.getFileName().toString().endsWith(".json")) {
            return openIndex(path);
        }
        return openFiles(path, List.of(path));
    }

    private static Checkpoint openIndex(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new BadInputException(index + ": not a valid index (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new BadInputException(index + ": no weight_map object");
        }
        Path folder = index.toAbsolutePath().getParent();
        Map<String, Path> shardOf = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new BadInputException(index + ": tensor '" + e.getKey() + "': shard name is not a string");
            }
            Path shard = folder.resolve(e.getValue().asText()).normalize();
            if (!shard.startsWith(folder)) {
                throw new BadInputException(index + ": tensor '" + e.getKey() + "': shard " + e.getValue().asText()
                        + " lies outside the checkpoint folder");
            }
            shardOf.put(e.getKey(), shard);
        });
        Checkpoint all = openFiles(index, shardOf.values().stream().distinct().toList());
        for (Map.Entry<String, Path> e : shardOf.entrySet()) {
            SafetensorsFile file = all.byTensor.get(e.getKey());
            if (file == null || !file.path().equals(e.getValue())) {
                all.close();
                throw new BadInputException(index + ": tensor '" + e.getKey() + "' is not in its shard " + e.getValue());
            }
        }
        return all;
    }

    private static Checkpoint openFiles(Path source, List<Path> paths) {
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            for (Path p : paths) {
                SafetensorsFile f = SafetensorsFile.open(p);
                files.add(f);
                for (String name : f.tensors().keySet()) {
                    SafetensorsFile other = byTensor.put(name, f);
                    if (other != null) {
                        throw new BadInputException(p + ": tensor '" + name + "' is also in " + other.path());
                    }
                }
            }
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
        return new Checkpoint(source, byTensor, files);
    }

    /** What was opened (file, index or folder). */
    public Path source() {
        return source;
    }

    /** Every tensor name, in file and header order. */
    public List<String> names() {
        return List.copyOf(byTensor.keySet());
    }

    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    public TensorInfo info(String name) {
        return file(name).info(name);
    }

    /** The file holding {@code name} (for messages). */
    public Path fileOf(String name) {
        return file(name).path();
    }

    /** The values of {@code name}, row-major, as double. */
    public double[] read(String name) {
        return file(name).read(name);
    }

    /**
     * A 2-D tensor as a matrix; with {@code transposed} a [in, out] GPT-2 {@code Conv1D} weight is turned into
     * the [out, in] orientation of a linear layer.
     */
    public DMatrixRMaj matrix(String name, boolean transposed) {
        TensorInfo t = info(name);
        if (!t.isMatrix()) {
            throw new BadInputException(fileOf(name) + ": tensor '" + name + "' has shape " + t.shapeText()
                    + ", not a matrix");
        }
        DMatrixRMaj m = DMatrixRMaj.wrap((int) t.shape()[0], (int) t.shape()[1], read(name));
        return transposed ? org.ejml.dense.row.CommonOps_DDRM.transpose(m, null) : m;
    }

    /** The metadata of every file, merged. */
    public Map<String, String> metadata() {
        Map<String, String> all = new LinkedHashMap<>();
        files.forEach(f -> all.putAll(f.metadata()));
        return Collections.unmodifiableMap(all);
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw new BadInputException(source + ": no tensor named '" + name + "'");
        }
        return f;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
