package org.loralab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise nonlinearities between the linear modules of an {@link Mlp}. */
public enum Activation {
    /** Smooth; the default, so finite-difference gradient checks never straddle a kink. */
    TANH {
        @Override
        public INDArray apply(INDArray z) {
            return Transforms.tanh(z, false);
        }

        @Override
        public INDArray backward(INDArray output, INDArray gradOutput) {
            // d tanh(z)/dz = 1 - tanh(z)^2, written in terms of the output a = tanh(z)
            INDArray slope = output.mul(output).rsubi(1.0);
            return slope.muli(gradOutput);
        }
    },
    RELU {
        @Override
        public INDArray apply(INDArray z) {
            return Transforms.relu(z, false);
        }

        @Override
        public INDArray backward(INDArray output, INDArray gradOutput) {
            INDArray slope = output.gt(0.0).castTo(output.dataType());
            return slope.muli(gradOutput);
        }
    };

    /** Applies the function in place: {@code z} is overwritten and returned. */
    public abstract INDArray apply(INDArray z);

    /** dL/dz from the forward output a = f(z) and dL/da; neither argument is modified. */
    public abstract INDArray backward(INDArray output, INDArray gradOutput);
}
