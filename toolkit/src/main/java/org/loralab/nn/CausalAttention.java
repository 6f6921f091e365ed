package org.loralab.nn;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.loralab.linalg.DirectArray;
import org.loralab.linalg.Gemm;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameter-free core of causal multi-head self-attention: softmax(q k^T / sqrt(d_head) + mask) v for each
 * sequence and head, where the mask hides later positions. The projections around it are linear modules of the
 * model, so that adapters can target them. Each (sequence, head) pair multiplies its blocks of the (tokens, width)
 * arrays in place (no split into heads and back), and the pairs run in parallel, each one product after another
 * with its softmax while its blocks are in cache.
 */
final class CausalAttention {
    // below this many multiply-adds one product runs on one thread in OpenBLAS, so pairs may run side by side
    private static final long SMALL_PRODUCT = 1L << 17;
    private final int heads;
    private int sequences;
    private int length;
    private INDArray query; // (sequences * length, width), cached by forward
    private INDArray key;
    private INDArray value;
    private INDArray probs; // (sequences * heads, length, length)

    CausalAttention(int heads) {
        this.heads = heads;
    }

    /**
     * @param query (sequences * length, width) rows ordered by sequence, then position; likewise key and value
     * @return (sequences * length, width), the heads' outputs side by side
     */
    INDArray forward(INDArray query, INDArray key, INDArray value, int sequences, int length) {
        this.sequences = sequences;
        this.length = length;
        this.query = dense(query);
        this.key = dense(key);
        this.value = dense(value);
        int width = (int) query.columns();
        int headWidth = width / heads;
        double scale = 1 / Math.sqrt(headWidth);
        probs = Nd4j.createUninitialized(query.dataType(), (long) sequences * heads, length, length);
        INDArray out = Nd4j.createUninitialized(query.dataType(), query.shape());
        DirectArray p = DirectArray.of(probs);
        pairs(headWidth).forEach(pair -> {
            long at = headBlock(pair, width, headWidth);
            long square = (long) pair * length * length;
            Gemm.block(this.query, at, false, this.key, at, true, 1, 0, probs, square, length, length, headWidth);
            maskedSoftmax(p, (int) square, length, scale);
            Gemm.block(probs, square, false, this.value, at, false, 1, 0, out, at, length, headWidth, length);
        });
        return out;
    }

    /** dL/dquery, dL/dkey, dL/dvalue from dL/doutput of the last forward. */
    INDArray[] backward(INDArray gradOutput) {
        INDArray g = dense(gradOutput);
        int width = (int) g.columns();
        int headWidth = width / heads;
        double scale = 1 / Math.sqrt(headWidth);
        INDArray gradScores = Nd4j.createUninitialized(g.dataType(), probs.shape());
        INDArray gradQuery = Nd4j.createUninitialized(g.dataType(), g.shape());
        INDArray gradKey = Nd4j.createUninitialized(g.dataType(), g.shape());
        INDArray gradValue = Nd4j.createUninitialized(g.dataType(), g.shape());
        DirectArray p = DirectArray.of(probs);
        DirectArray d = DirectArray.of(gradScores);
        pairs(headWidth).forEach(pair -> {
            long at = headBlock(pair, width, headWidth);
            long square = (long) pair * length * length;
            Gemm.block(probs, square, true, g, at, false, 1, 0, gradValue, at, length, headWidth, length);  // P^T dO
            Gemm.block(g, at, false, value, at, true, 1, 0, gradScores, square, length, length, headWidth); // dO V^T
            softmaxBackward(p, d, (int) square, length, scale);
            Gemm.block(gradScores, square, false, key, at, false, 1, 0, gradQuery, at, length, headWidth, length);
            Gemm.block(gradScores, square, true, query, at, false, 1, 0, gradKey, at, length, headWidth, length);
        });
        return new INDArray[] {gradQuery, gradKey, gradValue};
    }

    /** The (sequence, head) pairs, in parallel when each product is small enough to run on one thread. */
    private IntStream pairs(int headWidth) {
        IntStream all = IntStream.range(0, sequences * heads);
        return (long) length * length * headWidth <= SMALL_PRODUCT ? all.parallel() : all;
    }

    /** Where pair (sequence s, head h) starts in a (sequences * length, width) array: row s * length, column h * w. */
    private long headBlock(int pair, int width, int headWidth) {
        return (long) (pair / heads) * length * width + (long) (pair % heads) * headWidth;
    }

    /**
     * In place, row by row of one (length, length) score matrix: softmax(scale * s) over the positions up to the row's
     * own, exactly 0 after it, as torch's masked_fill with -inf. Float storage is computed in float, as torch does,
     * with the vectorized {@link FloatExp} (Math.exp, a scalar call, made the softmax a tenth of a char-LM step).
     */
    private static void maskedSoftmax(DirectArray scores, int from, int length, double scale) {
        if (scores.isFloat()) {
            maskedSoftmaxFloat(scores, from, length, (float) scale);
            return;
        }
        double[] square = new double[length * length]; // read and written at once, not row by row
        scores.read(from, square, length * length);
        for (int i = 0; i < length; i++) {
            int at = i * length;
            int end = at + i + 1; // visible: positions up to the row's own
            double max = Double.NEGATIVE_INFINITY;
            for (int j = at; j < end; j++) {
                square[j] *= scale;
                max = Math.max(max, square[j]);
            }
            double sum = 0;
            for (int j = at; j < end; j++) {
                square[j] = Math.exp(square[j] - max);
                sum += square[j];
            }
            for (int j = at; j < end; j++) {
                square[j] /= sum;
            }
            Arrays.fill(square, end, at + length, 0);
        }
        scores.write(from, square, length * length);
    }

    /**
     * The float softmax, each step over the whole square at once where it can be: exp over all length^2 entries in one
     * call (short loops per row ran at about 4.5 ns an entry, measured; the masked entries, computed and then zeroed,
     * cost less than that). Each visible entry sees the same operations in the same order as a row at a time.
     */
    private static void maskedSoftmaxFloat(DirectArray scores, int from, int length, float scale) {
        int n = length * length;
        RowBlocks.Scratch scratch = RowBlocks.scratch();
        float[] square = scratch.floats(0, n);
        scores.readFloats(from, square, n);
        for (int i = 0; i < length; i++) {
            int at = i * length;
            int end = at + i + 1; // visible: positions up to the row's own
            float max = Float.NEGATIVE_INFINITY;
            for (int j = at; j < end; j++) {
                square[j] *= scale;
                max = Math.max(max, square[j]);
            }
            for (int j = at; j < end; j++) {
                square[j] -= max;
            }
        }
        FloatExp.inPlace(square, scratch.floats(1, n), n);
        for (int i = 0; i < length; i++) {
            int at = i * length;
            int visible = i + 1;
            float sum = FloatSum.of(square, at, visible);
            for (int j = at; j < at + visible; j++) {
                square[j] /= sum;
            }
            Arrays.fill(square, at + visible, at + length, 0f);
        }
        scores.writeFloats(from, square, n);
    }

    /** In place, dL/dscores from dL/dprobs: scale * P * (dP - sum_j P_j dP_j), row by row (masked entries stay 0). */
    private static void softmaxBackward(DirectArray probs, DirectArray grad, int from, int length, double scale) {
        if (probs.isFloat()) {
            softmaxBackwardFloat(probs, grad, from, length, (float) scale);
            return;
        }
        double[] pr = new double[length * length];
        double[] gr = new double[length * length];
        probs.read(from, pr, length * length);
        grad.read(from, gr, length * length);
        for (int i = 0; i < length; i++) {
            int at = i * length;
            double dot = 0;
            for (int j = at; j < at + length; j++) {
                dot += pr[j] * gr[j];
            }
            for (int j = at; j < at + length; j++) {
                gr[j] = scale * pr[j] * (gr[j] - dot);
            }
        }
        grad.write(from, gr, length * length);
    }

    private static void softmaxBackwardFloat(DirectArray probs, DirectArray grad, int from, int length, float scale) {
        int n = length * length;
        RowBlocks.Scratch scratch = RowBlocks.scratch();
        float[] pr = scratch.floats(0, n);
        float[] gr = scratch.floats(1, n);
        float[] products = scratch.floats(2, n);
        probs.readFloats(from, pr, n);
        grad.readFloats(from, gr, n);
        for (int j = 0; j < n; j++) {
            products[j] = pr[j] * gr[j];
        }
        for (int i = 0; i < length; i++) {
            int at = i * length;
            float dot = FloatSum.of(products, at, length);
            for (int j = at; j < at + length; j++) {
                gr[j] = scale * pr[j] * (gr[j] - dot);
            }
        }
        grad.writeFloats(from, gr, n);
    }

    private static INDArray dense(INDArray a) {
        return a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    }
}
