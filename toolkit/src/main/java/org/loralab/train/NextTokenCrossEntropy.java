package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Language-model loss: the mean over every position of -log softmax(logits)[next token], in nats. Predictions are
 * (sequences * length, vocab) logits, rows ordered by sequence then position; targets are (sequences, length) token ids.
 */
public final class NextTokenCrossEntropy implements Loss {
    private static final SoftmaxCrossEntropy CROSS_ENTROPY = new SoftmaxCrossEntropy();

    @Override
    public ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets) {
        return CROSS_ENTROPY.valueAndGradient(predictions, oneHot(targets, predictions.columns()).castTo(predictions.dataType()));
    }

    /** Bits per token of a mean loss in nats. */
    public static double bits(double nats) {
        return nats / Math.log(2);
    }

    private static INDArray oneHot(INDArray ids, long vocab) {
        int[] flat = ids.dup('c').data().asInt();
        double[] values = new double[flat.length * (int) vocab];
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= vocab) {
                throw new IllegalArgumentException("target token " + flat[i] + " is outside the vocabulary of " + vocab);
            }
            values[i * (int) vocab + flat[i]] = 1;
        }
        return Nd4j.create(values, new long[] {flat.length, vocab}, 'c');
    }
}
