package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classification loss on logits, as torch.nn.CrossEntropyLoss with probability targets: L = mean over rows of
 * -sum_j t_j log softmax(p)_j, targets one-hot (or any rows summing to 1). Gradient (softmax(p) - t) / n.
 * The row maximum is subtracted first, so large logits neither overflow nor lose the small probabilities.
 */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets) {
        return new SoftmaxRows(predictions).meanAgainst(targets);
    }

    /** Each row's -sum_j t_j log softmax(p)_j. */
    @Override
    public double[] exampleValues(INDArray predictions, INDArray targets) {
        return new SoftmaxRows(predictions).lossesAgainst(targets);
    }

    /** Per row: 1 where the largest logit is at the target's largest entry (the class), else 0. */
    public static double[] correct(INDArray predictions, INDArray targets) {
        return Nd4j.argMax(predictions, 1).eq(Nd4j.argMax(targets, 1)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .toDoubleVector();
    }

    /** The share of rows whose largest logit is at the target's largest entry (the class). */
    public static double accuracy(INDArray predictions, INDArray targets) {
        double hits = 0;
        for (double c : correct(predictions, targets)) {
            hits += c; // whole numbers: exact in any order
        }
        return hits / predictions.rows();
    }
}
