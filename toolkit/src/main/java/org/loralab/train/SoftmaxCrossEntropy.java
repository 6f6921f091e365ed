package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Classification loss on logits, as torch.nn.CrossEntropyLoss with probability targets: L = mean over rows of
 * -sum_j t_j log softmax(p)_j, targets one-hot (or any rows summing to 1). Gradient (softmax(p) - t) / n.
 * The row maximum is subtracted first, so large logits neither overflow nor lose the small probabilities.
 */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets) {
        long n = predictions.rows();
        INDArray shifted = predictions.subColumnVector(predictions.max(true, 1));  // p - max_j p
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sum = exp.sum(true, 1);
        INDArray logSum = Transforms.log(sum, true);
        // log softmax = shifted - log sum exp; L = -sum t * log softmax / n
        double value = -shifted.subColumnVector(logSum).muli(targets).sumNumber().doubleValue() / n;
        INDArray gradient = exp.diviColumnVector(sum).subi(targets).divi(n);
        return new ValueAndGradient(value, gradient);
    }

    /** Each row's -sum_j t_j log softmax(p)_j. */
    @Override
    public double[] exampleValues(INDArray predictions, INDArray targets) {
        INDArray shifted = predictions.subColumnVector(predictions.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSum).muli(targets).sum(1).negi()
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
    }

    /** Per row: 1 where the largest logit is at the target's largest entry (the class), else 0. */
    public static double[] correct(INDArray predictions, INDArray targets) {
        return Nd4j.argMax(predictions, 1).eq(Nd4j.argMax(targets, 1)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .toDoubleVector();
    }

    /** The share of rows whose largest logit is at the target's largest entry (the class). */
    public static double accuracy(INDArray predictions, INDArray targets) {
        INDArray predicted = Nd4j.argMax(predictions, 1);
        INDArray actual = Nd4j.argMax(targets, 1);
        return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
    }
}
