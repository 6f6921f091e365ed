package org.loralab.nn;

import org.loralab.linalg.DirectArray;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GELU with the tanh approximation of GPT-2, 0.5 x (1 + tanh(c (x + 0.044715 x^3))), c = sqrt(2 / pi): smooth, so
 * finite-difference checks never straddle a kink. One pass forward, which also keeps the derivative at each input
 * (the tanh is at hand there), so backward is one product; in double whatever the storage. ND4J's own GELU ops
 * compute another function.
 */
final class Gelu {
    private static final double C = Math.sqrt(2 / Math.PI);
    private static final double CUBIC = 0.044715;
    private INDArray slope; // dy/dx at the last forward's inputs

    /** @param x not modified */
    INDArray forward(INDArray x) {
        slope = Nd4j.createUninitialized(x.dataType(), x.shape());
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.shape());
        DirectArray in = DirectArray.of(x.ordering() == 'c' && !x.isView() ? x : x.dup('c'));
        DirectArray derivative = DirectArray.of(slope);
        DirectArray out = DirectArray.of(y);
        RowBlocks.forEach(x.length(), 1, (first, count, scratch, partial) -> {
            double[] v = scratch.get(0, count);
            double[] d = scratch.get(1, count);
            in.read(first, v, count);
            for (int i = 0; i < count; i++) {
                double xi = v[i];
                double t = Tanh.of(C * (xi + CUBIC * xi * xi * xi));
                // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 * 0.044715 x^2)
                d[i] = 0.5 * (1 + t) + 0.5 * xi * (1 - t * t) * C * (1 + 3 * CUBIC * xi * xi);
                v[i] = 0.5 * xi * (1 + t);
            }
            derivative.write(first, d, count);
            out.write(first, v, count);
        });
        return y;
    }

    /** dL/dx from dL/dy of the last forward. */
    INDArray backward(INDArray gradOutput) {
        INDArray dx = gradOutput.dup('c');
        return dx.muli(slope.reshape(dx.shape()));
    }
}
