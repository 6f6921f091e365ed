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

    /** A loss value with its gradient (n, outputs). */
    record ValueAndGradient(double value, INDArray gradient) {
    }
}
