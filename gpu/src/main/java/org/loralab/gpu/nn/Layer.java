package org.loralab.gpu.nn;

import java.util.List;
import org.loralab.gpu.tensor.Matrix;

/**
 * A linear layer y = x W^T + b on a {@link org.loralab.gpu.tensor.Backend}, as the toolkit's
 * {@code LinearLayer}: forward caches what backward needs, so calls alternate. Returned matrices are the
 * layer's own buffers, reused by the next call of the same batch size (no allocation in a training loop).
 */
public interface Layer extends AutoCloseable {

    int inFeatures();

    int outFeatures();

    /** @param x (n, in), kept by reference until backward; returns y (n, out). */
    Matrix forward(Matrix x);

    /**
     * Writes the gradients of the trainable parameters for the last forward call.
     *
     * @param gradOutput dL/dy (n, out)
     * @param needInputGrad whether to compute dL/dx (the first layer of a model does not need it)
     * @return dL/dx (n, in), or null when not needed
     */
    Matrix backward(Matrix gradOutput, boolean needInputGrad);

    /** What an optimizer may update; empty when frozen. */
    List<Parameter> trainableParameters();

    /** The (out, in) matrix this layer applies now, downloaded, row-major. */
    float[] effectiveWeight();

    /** Frees every buffer the layer owns. */
    @Override
    void close();
}
