package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Language-model loss: the mean over every position of -log softmax(logits)[next token], in nats. Predictions are
 * (sequences * length, vocab) logits, rows ordered by sequence then position; targets are (sequences, length) token ids.
 */
public final class NextTokenCrossEntropy implements Loss {

    @Override
    public ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets) {
        return new SoftmaxRows(predictions).meanAgainst(ids(targets));
    }

    /** Each sequence's mean over its positions of -log softmax(logits)[next token], in nats (targets: one row each). */
    @Override
    public double[] exampleValues(INDArray predictions, INDArray targets) {
        double[] positions = new SoftmaxRows(predictions).lossesAgainst(ids(targets));
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

    private static int[] ids(INDArray targets) {
        return targets.dup('c').data().asInt();
    }
}
