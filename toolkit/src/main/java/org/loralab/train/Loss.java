package org.loralab.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A training objective over a batch: its value and its gradient with respect to the predictions. */
public interface Loss {

    /** Mean loss of {@code predictions} against {@code targets} (both (n, outputs), not modified). */
    double value(INDArray predictions, INDArray targets);

    /** dL/dpredictions for the mean loss, a new (n, outputs) array. */
    INDArray gradient(INDArray predictions, INDArray targets);

    /** Value and gradient together; implementations share the work. Arguments are not modified. */
    default ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets) {
        return new ValueAndGradient(value(predictions, targets), gradient(predictions, targets));
    }

    /** A loss value with its gradient (n, outputs). */
    record ValueAndGradient(double value, INDArray gradient) {
    }
}
