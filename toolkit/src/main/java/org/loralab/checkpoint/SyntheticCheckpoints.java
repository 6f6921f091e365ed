package org.loralab.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.loralab.format.Checkpoint;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.loralab.io.AtomicFiles;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.RandomMatrices;

/**
 * A generated base/tuned checkpoint pair shaped like a decoder-only transformer, with a known answer: every
 * linear weight of the tuned model is the base weight plus a rank-r update B A of a chosen relative size
 * (then both are rounded to the stored type, which adds a little full-rank rounding noise to dW). Names follow
 * Hugging Face Llama models ({@code model.layers.<i>.self_attn.q_proj.weight}, ...); each block also has a
 * 1-D norm weight, which an analysis must skip. Shards hold whole blocks, with a
 * {@code model.safetensors.index.json}. Values are regenerated per tensor from its name and the seed, so
 * only one tensor is ever in memory.
 *
 * @param blocks       transformer blocks
 * @param hidden       model width h (q, k, v, o are h x h)
 * @param intermediate MLP width (gate and up are intermediate x h, down is h x intermediate)
 * @param rank         r of every planted update
 * @param relativeSize ||dW||_F / ||W||_F of every planted update
 * @param dtype        stored type
 * @param shards       number of files (1: a single model.safetensors)
 * @param seed         seeds every value
 */
public record SyntheticCheckpoints(int blocks, int hidden, int intermediate, int rank, double relativeSize, DType dtype,
                                   int shards, long seed) {
    private static final double WEIGHT_STD = 0.02;

    public SyntheticCheckpoints {
        if (blocks < 1 || hidden < 1 || intermediate < 1 || rank < 1 || rank > Math.min(hidden, intermediate)
                || !(relativeSize >= 0) || shards < 1 || shards > blocks) {
            throw new IllegalArgumentException("need blocks, sizes >= 1, 1 <= rank <= min(hidden, intermediate),"
                    + " relative size >= 0 and 1 <= shards <= blocks");
        }
    }

    /** The linear weights of one block: name suffix, rows (out), cols (in). */
    private List<Object[]> blockWeights() {
        return List.of(new Object[] {"self_attn.q_proj", hidden, hidden}, new Object[] {"self_attn.k_proj", hidden, hidden},
                new Object[] {"self_attn.v_proj", hidden, hidden}, new Object[] {"self_attn.o_proj", hidden, hidden},
                new Object[] {"mlp.gate_proj", intermediate, hidden}, new Object[] {"mlp.up_proj", intermediate, hidden},
                new Object[] {"mlp.down_proj", hidden, intermediate});
    }

    /** The number of 2-D weights (7 per block). */
    public int matrixCount() {
        return 7 * blocks;
    }

    /** The number of parameters of one checkpoint. */
    public long parameterCount() {
        return blocks * (4L * hidden * hidden + 3L * hidden * intermediate + hidden);
    }

    /** Writes {@code dir/base} and {@code dir/tuned}. */
    public void write(Path dir) {
        write(dir, line -> { });
    }

    /** Writes {@code dir/base} and {@code dir/tuned}, telling {@code progress} as each file is written. */
    public void write(Path dir, java.util.function.Consumer<String> progress) {
        writeModel(dir.resolve("base"), false, progress);
        writeModel(dir.resolve("tuned"), true, progress);
    }

    private void writeModel(Path dir, boolean tuned, java.util.function.Consumer<String> progress) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        int perShard = (blocks + shards - 1) / shards;
        for (int shard = 0; shard < shards; shard++) {
            String file = shards == 1 ? "model.safetensors"
                    : String.format(java.util.Locale.ROOT, "model-%05d-of-%05d.safetensors", shard + 1, shards);
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            for (int b = shard * perShard; b < Math.min(blocks, (shard + 1) * perShard); b++) {
                String prefix = "model.layers." + b + ".";
                for (Object[] w : blockWeights()) {
                    String name = prefix + w[0] + ".weight";
                    int rows = (int) w[1];
                    int cols = (int) w[2];
                    tensors.add(new SafetensorsWriter.Tensor(name, dtype, new long[] {rows, cols},
                            () -> weight(name, rows, cols, tuned)));
                }
                String norm = prefix + "input_layernorm.weight";
                tensors.add(new SafetensorsWriter.Tensor(norm, dtype, new long[] {hidden}, () -> ones(hidden)));
            }
            tensors.forEach(t -> weightMap.put(t.name(), file));
            SafetensorsWriter.write(dir.resolve(file), tensors, Map.of("format", "pt"));
            progress.accept(String.format(java.util.Locale.ROOT, "wrote %s (%d of %d files of the %s checkpoint)",
                    dir.resolve(file), shard + 1, shards, tuned ? "tuned" : "base"));
        }
        if (shards > 1) {
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("metadata", Map.of("total_size", parameterCount() * dtype.size()));
            index.put("weight_map", weightMap);
            AtomicFiles.write(dir.resolve(Checkpoint.INDEX), tmp -> new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), index));
        }
    }

    /** The base weight of {@code name}, plus its planted update when {@code tuned}. */
    double[] weight(String name, int rows, int cols, boolean tuned) {
        SplittableRandom rng = new SplittableRandom(seed ^ (long) name.hashCode() * 0x9E3779B97F4A7C15L);
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = WEIGHT_STD * RandomMatrices.standardNormal(rng);
        }
        if (tuned && relativeSize > 0) {
            // B A with Gaussian factors: rank r, scaled so that ||B A||_F = relativeSize * ||W||_F (about)
            DMatrixRMaj b = RandomMatrices.gaussian(rows, rank, rng);
            DMatrixRMaj a = RandomMatrices.gaussian(rank, cols, rng);
            DMatrixRMaj update = Lapack.multiply(b, false, a, false);
            double norm = org.ejml.dense.row.NormOps_DDRM.normF(update);
            double scale = relativeSize * WEIGHT_STD * Math.sqrt((double) rows * cols) / norm;
            for (int i = 0; i < w.length; i++) {
                w[i] += scale * update.data[i];
            }
        }
        return w;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }
}
