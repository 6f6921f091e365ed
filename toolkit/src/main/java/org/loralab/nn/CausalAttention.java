package org.loralab.nn;

import java.util.Arrays;
import org.loralab.linalg.Gemm;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter-free core of causal multi-head self-attention: softmax(q k^T / sqrt(d_head) + mask) v for each
 * sequence and head, where the mask hides later positions. The projections around it are linear modules of the
 * model, so that adapters can target them. Sequences and heads are one batch of matrix products.
 */
final class CausalAttention {
    private final int heads;
    private int sequences;
    private int length;
    private INDArray q;     // (sequences * heads, length, head width), cached by forward
    private INDArray k;
    private INDArray v;
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
        q = split(query);
        k = split(key);
        v = split(value);
        probs = Gemm.batched(q, false, k, true);
        maskedSoftmax(probs, 1 / Math.sqrt(q.size(2)), length);
        return merge(Gemm.batched(probs, false, v, false));
    }

    /** dL/dquery, dL/dkey, dL/dvalue from dL/doutput of the last forward. */
    INDArray[] backward(INDArray gradOutput) {
        INDArray gradOut = split(gradOutput);
        INDArray gradValue = Gemm.batched(probs, true, gradOut, false);
        INDArray gradScores = Gemm.batched(gradOut, false, v, true);
        softmaxBackward(probs, gradScores, 1 / Math.sqrt(q.size(2)));
        INDArray gradQuery = Gemm.batched(gradScores, false, k, false);
        INDArray gradKey = Gemm.batched(gradScores, true, q, false);
        return new INDArray[] {merge(gradQuery), merge(gradKey), merge(gradValue)};
    }

    /**
     * In place, row by row of (batch, length, length) scores: softmax(scale * s) over the positions up to the row's
     * own (row index mod length), exactly 0 after it, as torch's masked_fill with -inf.
     */
    private static void maskedSoftmax(INDArray scores, double scale, int length) {
        DirectArray memory = DirectArray.of(scores);
        RowBlocks.forEach(scores.length() / length, length, (first, count, scratch, partial) -> {
            double[] row = scratch.get(0, length);
            for (int r = first; r < first + count; r++) {
                int visible = r % length + 1;
                memory.read(r * length, row, length);
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) {
                    row[j] *= scale;
                    max = Math.max(max, row[j]);
                }
                double sum = 0;
                for (int j = 0; j < visible; j++) {
                    row[j] = Math.exp(row[j] - max);
                    sum += row[j];
                }
                for (int j = 0; j < visible; j++) {
                    row[j] /= sum;
                }
                Arrays.fill(row, visible, length, 0);
                memory.write(r * length, row, length);
            }
        });
    }

    /** In place, dL/dscores from dL/dprobs: scale * P * (dP - sum_j P_j dP_j), row by row (masked entries stay 0). */
    private static void softmaxBackward(INDArray probs, INDArray gradProbs, double scale) {
        int length = (int) probs.size(2);
        DirectArray p = DirectArray.of(probs);
        DirectArray g = DirectArray.of(gradProbs);
        RowBlocks.forEach(probs.length() / length, length, (first, count, scratch, partial) -> {
            double[] pr = scratch.get(0, length);
            double[] gr = scratch.get(1, length);
            for (int r = first; r < first + count; r++) {
                p.read(r * length, pr, length);
                g.read(r * length, gr, length);
                double dot = 0;
                for (int j = 0; j < length; j++) {
                    dot += pr[j] * gr[j];
                }
                for (int j = 0; j < length; j++) {
                    gr[j] = scale * pr[j] * (gr[j] - dot);
                }
                g.write(r * length, gr, length);
            }
        });
    }

    /** (sequences * length, heads * w) -> (sequences * heads, length, w). */
    private INDArray split(INDArray rows) {
        long width = rows.columns() / heads;
        return rows.reshape('c', sequences, length, heads, width).permute(0, 2, 1, 3).dup('c')
                .reshape('c', (long) sequences * heads, length, width);
    }

    /** The inverse of {@link #split}. */
    private INDArray merge(INDArray perHead) {
        long width = perHead.size(2);
        return perHead.reshape('c', sequences, heads, length, width).permute(0, 2, 1, 3).dup('c')
                .reshape('c', (long) sequences * length, heads * width);
    }
}
