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
}
