package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** L = mean over all elements of (prediction - target)^2, as torch.nn.MSELoss. */
public final class MeanSquaredError implements Loss {

    /** One difference array serves both: value = |d|^2 / N, gradient = 2 d / N. */
    @Override
    public ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets) {
        INDArray diff = predictions.sub(targets);
        long n = diff.length();
        double sumSquares = Nd4j.getBlasWrapper().dot(diff, diff);
        return new ValueAndGradient(sumSquares / n, diff.muli(2.0 / n));
    }

    /** Each row's mean of (prediction - target)^2: equal-width rows, so their mean is the loss. */
    @Override
    public double[] exampleValues(INDArray predictions, INDArray targets) {
        INDArray diff = predictions.sub(targets);
        return diff.muli(diff).mean(1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
    }
}
