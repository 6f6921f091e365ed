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

    /** Each sequence's mean over its positions of -log softmax(logits)[next token], in nats (targets: one row each). */
    @Override
    public double[] exampleValues(INDArray predictions, INDArray targets) {
        double[] positions = CROSS_ENTROPY.exampleValues(predictions,
                oneHot(targets, predictions.columns()).castTo(predictions.dataType()));
        int sequences = (int) targets.rows();
        int length = (int) targets.columns();
        double[] out = new double[sequences];
        for (int s = 0; s < sequences; s++) {
            double sum = 0;
            for (int p = 0; p < length; p++) {
                sum += positions[s * length + p];
            }
            out[s] = sum / length;
        }
        return out;
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
