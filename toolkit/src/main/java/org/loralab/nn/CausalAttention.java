package org.loralab.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameter-free core of causal multi-head self-attention: softmax(q k^T / sqrt(d_head) + mask) v for each
 * sequence and head, where the mask hides later positions. The projections around it are linear modules of the
 * model, so that adapters can target them. Sequences and heads are one batch of matrix products.
 */
final class CausalAttention {
    private static final double HIDDEN = -1e9; // exp underflows to exactly 0 in float and double
    private final int heads;
    private int sequences;
    private int length;
    private INDArray q;     // (sequences * heads, length, head width), cached by forward
    private INDArray k;
    private INDArray v;
    private INDArray probs; // (sequences * heads, length, length)
    private INDArray mask;  // of the last length and data type, reused

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
        double scale = 1 / Math.sqrt(q.size(2));
        if (mask == null || mask.rows() != length || mask.dataType() != query.dataType()) {
            mask = mask(length, query.dataType());
        }
        INDArray scores = Nd4j.matmul(q, k, false, true, false).muli(scale).addi(mask);
        probs = Nd4j.exec(new SoftMax(scores, 2))[0];
        return merge(Nd4j.matmul(probs, v));
    }

    /** dL/dquery, dL/dkey, dL/dvalue from dL/doutput of the last forward. */
    INDArray[] backward(INDArray gradOutput) {
        INDArray gradOut = split(gradOutput);
        INDArray gradValue = Nd4j.matmul(probs, gradOut, true, false, false);
        INDArray gradProbs = Nd4j.matmul(gradOut, v, false, true, false);
        // softmax backward, row by row: dS = P * (dP - sum_j P_j dP_j)
        INDArray rowDot = gradProbs.mul(probs).sum(true, 2);
        INDArray gradScores = gradProbs.subi(rowDot).muli(probs).muli(1 / Math.sqrt(q.size(2)));
        INDArray gradQuery = Nd4j.matmul(gradScores, k);
        INDArray gradKey = Nd4j.matmul(gradScores, q, true, false, false);
        return new INDArray[] {merge(gradQuery), merge(gradKey), merge(gradValue)};
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

    /** (length, length): 0 where a position may attend (itself and earlier), a large negative number elsewhere. */
    private static INDArray mask(int length, org.nd4j.linalg.api.buffer.DataType dtype) {
        double[] m = new double[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                m[i * length + j] = HIDDEN;
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) { // kept across steps
            return Nd4j.create(m, new long[] {length, length}, 'c').castTo(dtype);
        }
    }
}
