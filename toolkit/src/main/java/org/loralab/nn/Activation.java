package org.loralab.nn;

import org.loralab.linalg.DirectArray;
import org.loralab.linalg.Elementwise;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise nonlinearities between the linear modules of an {@link Mlp}. */
public enum Activation {
    /** Smooth; the default, so finite-difference gradient checks never straddle a kink. */
    TANH {
        @Override
        public INDArray apply(INDArray z) {
            INDArray dense = z.ordering() == 'c' ? z : z.dup('c');
            DirectArray memory = DirectArray.of(dense);
            RowBlocks.forEach(memory.length(), 1, (first, count, scratch, partial) -> {
                if (memory.isFloat()) { // in float, as torch computes it
                    float[] v = scratch.floats(0, count);
                    memory.readFloats(first, v, count);
                    FloatTanh.inPlace(v, scratch.floats(1, count), scratch.floats(2, count), count);
                    memory.writeFloats(first, v, count);
                    return;
                }
                double[] v = scratch.get(0, count);
                memory.read(first, v, count);
                for (int i = 0; i < count; i++) {
                    v[i] = Tanh.of(v[i]);
                }
                memory.write(first, v, count);
            });
            return dense == z ? z : z.assign(dense);
        }

        @Override
        public INDArray backward(INDArray output, INDArray gradOutput) {
            // d tanh(z)/dz = 1 - tanh(z)^2, written in terms of the output a = tanh(z); in float for float storage
            return Elementwise.timesTanhSlope(gradOutput, output);
        }
    },
    RELU {
        @Override
        public INDArray apply(INDArray z) {
            return DirectArray.isDense(z) ? Elementwise.positivePartInPlace(z) : Transforms.relu(z, false);
        }

        @Override
        public INDArray backward(INDArray output, INDArray gradOutput) {
            return Elementwise.wherePositive(gradOutput, output);
        }
    };

    /** Applies the function in place: {@code z} is overwritten and returned. */
    public abstract INDArray apply(INDArray z);

    /** dL/dz from the forward output a = f(z) and dL/da; neither argument is modified. */
    public abstract INDArray backward(INDArray output, INDArray gradOutput);
}
