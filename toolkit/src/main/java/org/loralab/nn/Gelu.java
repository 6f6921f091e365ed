package org.loralab.nn;

import org.loralab.linalg.DirectArray;
import org.loralab.linalg.Elementwise;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GELU with the tanh approximation of GPT-2, 0.5 x (1 + tanh(c (x + 0.044715 x^3))), c = sqrt(2 / pi): smooth, so
 * finite-difference checks never straddle a kink. One pass forward, which also keeps the derivative at each input
 * (the tanh is at hand there), so backward is one product. Double arrays are computed in double; float arrays in
 * float with {@link FloatExp} in short loops the JIT vectorizes (Math.exp made this a seventh of a char-LM step). Both
 * write 1 - tanh and 1 + tanh as 2 / (e + 1) and e times that, e = exp(2u), so that neither loses digits where tanh
 * is near -1 or 1. ND4J's own GELU ops compute another function.
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
        if (in.isFloat()) {
            forwardFloat(in, derivative, out, x.length());
            return y;
        }
        RowBlocks.forEach(x.length(), 1, (first, count, scratch, partial) -> {
            double[] v = scratch.get(0, count);
            double[] d = scratch.get(1, count);
            in.read(first, v, count);
            for (int i = 0; i < count; i++) {
                double xi = v[i];
                double e = Math.exp(2 * C * (xi + CUBIC * xi * xi * xi));
                double oneMinusT = 2 / (e + 1);                                  // 1 - tanh(u)
                double onePlusT = e == Double.POSITIVE_INFINITY ? 2 : e * oneMinusT; // 1 + tanh(u)
                // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 * 0.044715 x^2)
                d[i] = 0.5 * onePlusT + 0.5 * xi * onePlusT * oneMinusT * C * (1 + 3 * CUBIC * xi * xi);
                v[i] = 0.5 * xi * onePlusT;
            }
            derivative.write(first, d, count);
            out.write(first, v, count);
        });
        return y;
    }

    private static void forwardFloat(DirectArray in, DirectArray derivative, DirectArray out, long length) {
        float c = (float) C;
        float cubic = (float) CUBIC;
        RowBlocks.forEach(length, 1, (first, count, scratch, partial) -> {
            float[] v = scratch.floats(0, count);
            float[] d = scratch.floats(1, count);
            in.readFloats(first, v, count);
            // short loops (see FloatExp): d holds 2u, then e = exp(2u), then the slope
            for (int i = 0; i < count; i++) {
                float xi = v[i];
                d[i] = 2 * c * (xi + cubic * xi * xi * xi);
            }
            FloatExp.inPlace(d, scratch.floats(2, count), count);
            for (int i = 0; i < count; i++) {
                float xi = v[i];
                float e = d[i];
                float oneMinusT = 2 / (e + 1);     // 1 - tanh(u)
                float onePlusT = e * oneMinusT;    // 1 + tanh(u); e is at most exp(80)
                d[i] = 0.5f * onePlusT + 0.5f * xi * onePlusT * oneMinusT * c * (1 + 3 * cubic * xi * xi);
                v[i] = 0.5f * xi * onePlusT;
            }
            derivative.writeFloats(first, d, count);
            out.writeFloats(first, v, count);
        });
    }

    /** dL/dx from dL/dy of the last forward. */
    INDArray backward(INDArray gradOutput) {
        return Elementwise.product(gradOutput, slope);
    }
}
