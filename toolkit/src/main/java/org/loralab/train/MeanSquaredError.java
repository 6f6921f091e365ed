package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** L = mean over all elements of (prediction - target)^2, as torch.nn.MSELoss. */
public final class MeanSquaredError implements Loss {

    @Override
    public double value(INDArray predictions, INDArray targets) {
        INDArray diff = predictions.sub(targets);
        return diff.muli(diff).sumNumber().doubleValue() / diff.length();
    }

    @Override
    public INDArray gradient(INDArray predictions, INDArray targets) {
        return predictions.sub(targets).muli(2.0 / predictions.length());
    }
}
