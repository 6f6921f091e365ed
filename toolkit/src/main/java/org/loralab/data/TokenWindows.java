package org.loralab.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Next-token examples from a token stream: consecutive windows of {@code length} tokens and the tokens after them. */
public final class TokenWindows {
    private TokenWindows() {
    }

    /**
     * Windows [i L, (i + 1) L) as inputs and [i L + 1, (i + 1) L + 1) as targets, i = 0, 1, ... while both fit (the
     * remainder is dropped): a dataset of (n, L) inputs and (n, L) targets, token ids stored in {@code dtype}.
     *
     * @throws IllegalArgumentException when the stream holds no full window
     */
    public static Dataset of(int[] tokens, int length, DataType dtype) {
        int n = (tokens.length - 1) / length;
        if (length < 1 || n < 1) {
            throw new IllegalArgumentException("need at least " + (length + 1) + " tokens for one window of " + length
                    + ", got " + tokens.length);
        }
        double[] inputs = new double[n * length];
        double[] targets = new double[n * length];
        for (int i = 0; i < n * length; i++) {
            inputs[i] = tokens[i];
            targets[i] = tokens[i + 1];
        }
        long[] shape = {n, length};
        return new Dataset(Nd4j.create(inputs, shape, 'c').castTo(dtype), Nd4j.create(targets, shape, 'c').castTo(dtype));
    }
}
