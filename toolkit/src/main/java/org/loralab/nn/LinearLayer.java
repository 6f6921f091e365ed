package org.loralab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A module that applies an affine map y = x W^T + b to a batch of rows, possibly with adapters.
 * Forward caches what backward needs, so calls alternate: forward, then backward.
 */
public interface LinearLayer {

    int inFeatures();

    int outFeatures();

    /** @param x (n, in), not modified; returns (n, out). */
    INDArray forward(INDArray x, boolean training);

    /**
     * Writes the gradients of this layer's trainable parameters for the last forward call.
     *
     * @param gradOutput dL/dy (n, out), not modified
     * @param needInputGrad whether to compute dL/dx (the first layer of a model does not need it)
     * @return dL/dx (n, in), or null when not needed
     */
    INDArray backward(INDArray gradOutput, boolean needInputGrad);

    /** Parameters an optimizer may update; empty when the layer is frozen. */
    List<Parameter> trainableParameters();

    /** The plain linear layer underneath (this layer itself when it has no adapters). */
    Linear base();

    /** The (out, in) matrix this layer applies now, adapters included; a new array. */
    INDArray effectiveWeight();

    /** A deep copy sharing no arrays with this layer. */
    LinearLayer copy();
}
