package org.loralab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GELU with the tanh approximation of GPT-2, 0.5 x (1 + tanh(c (x + 0.044715 x^3))), c = sqrt(2 / pi): smooth, so
 * finite-difference checks never straddle a kink. Caches its input for backward.
 */
final class Gelu {
    private static final double C = Math.sqrt(2 / Math.PI);
    private static final double CUBIC = 0.044715;
    private INDArray input;

    /** @param x not modified */
    INDArray forward(INDArray x) {
        input = x;
        return Transforms.tanh(inner(x), false).addi(1).muli(x).muli(0.5);
    }

    /** dL/dx from dL/dy of the last forward. */
    INDArray backward(INDArray gradOutput) {
        INDArray x = input;
        INDArray t = Transforms.tanh(inner(x), false);
        // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 * 0.044715 x^2)
        INDArray slope = x.mul(x).muli(3 * CUBIC * C).addi(C)
                .muli(t.mul(t).rsubi(1)).muli(x).muli(0.5)
                .addi(t.addi(1).muli(0.5));
        return slope.muli(gradOutput);
    }

    private static INDArray inner(INDArray x) {
        return x.mul(x).muli(x).muli(CUBIC).addi(x).muli(C);
    }
}
