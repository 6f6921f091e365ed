package org.loralab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A named tensor and the gradient of the loss with respect to it; what an optimizer updates. */
public final class Parameter {
    private final String name;
    private final INDArray value;
    private final INDArray grad;

    /** Wraps {@code value} (not copied: updates change it in place); the gradient starts at zero. */
    public Parameter(String name, INDArray value) {
        this.name = name;
        this.value = value;
        this.grad = Nd4j.zerosLike(value);
    }

    public String name() {
        return name;
    }

    public INDArray value() {
        return value;
    }

    public INDArray grad() {
        return grad;
    }

    /** Number of scalars. */
    public long size() {
        return value.length();
    }

    @Override
    public String toString() {
        return name + java.util.Arrays.toString(value.shape());
    }
}
