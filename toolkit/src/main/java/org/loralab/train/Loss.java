package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A training objective over a batch: its value and its gradient with respect to the predictions. */
public interface Loss {

    /** Value and gradient together, sharing the work. Arguments are not modified. */
    ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets);

    /** Mean loss of {@code predictions} against {@code targets} (both (n, outputs), not modified). */
    default double value(INDArray predictions, INDArray targets) {
        return valueAndGradient(predictions, targets).value();
    }

    /** dL/dpredictions for the mean loss, a new (n, outputs) array. */
    default INDArray gradient(INDArray predictions, INDArray targets) {
        return valueAndGradient(predictions, targets).gradient();
    }

    /**
     * The loss of each example, one per row of {@code targets}; their mean is {@link #value} (to rounding). Arguments
     * are not modified.
     */
    double[] exampleValues(INDArray predictions, INDArray targets);

    /**
     * A loss computed in double, as the storage type would hold it: rounded to float for float arrays, so that a loss
     * too large for float32 is infinite (a divergence), as it is in PyTorch's float32.
     */
    static double inStorage(double value, org.nd4j.linalg.api.buffer.DataType storage) {
        return storage == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? value : (double) (float) value;
    }

    /** A loss value with its gradient (n, outputs). */
    record ValueAndGradient(double value, INDArray gradient) {
    }
}
