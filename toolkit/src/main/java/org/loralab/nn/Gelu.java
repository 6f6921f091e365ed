package org.loralab.nn;

import org.loralab.linalg.DirectArray;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GELU with the tanh approximation of GPT-2, 0.5 x (1 + tanh(c (x + 0.044715 x^3))), c = sqrt(2 / pi): smooth, so
 * finite-difference checks never straddle a kink. One pass forward, one backward (ND4J's own GELU ops compute another
 * function), in double whatever the storage. Caches its input and the tanh for backward.
 */
final class Gelu {
    private static final double C = Math.sqrt(2 / Math.PI);
    private static final double CUBIC = 0.044715;
    private INDArray input;
    private INDArray tanh;

    /** @param x (rows, features), not modified */
    INDArray forward(INDArray x) {
        input = dense(x);
        tanh = Nd4j.createUninitialized(x.dataType(), x.shape());
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.shape());
        DirectArray in = DirectArray.of(input);
        DirectArray t = DirectArray.of(tanh);
        DirectArray out = DirectArray.of(y);
        long columns = x.length() / Math.max(1, x.rows());
        RowBlocks.forEach(x.rows(), columns, (first, count, scratch, partial) -> {
            int n = Math.toIntExact(count * columns);
            int from = Math.toIntExact(first * columns);
            double[] v = scratch.get(0, n);
            double[] th = scratch.get(1, n);
            in.read(from, v, n);
            for (int i = 0; i < n; i++) {
                double xi = v[i];
                double ti = Tanh.of(C * (xi + CUBIC * xi * xi * xi));
                th[i] = ti;
                v[i] = 0.5 * xi * (1 + ti);
            }
            t.write(from, th, n);
            out.write(from, v, n);
        });
        return y;
    }

    /** dL/dx from dL/dy of the last forward. */
    INDArray backward(INDArray gradOutput) {
        INDArray g = dense(gradOutput);
        INDArray dx = Nd4j.createUninitialized(g.dataType(), g.shape());
        DirectArray in = DirectArray.of(input);
        DirectArray t = DirectArray.of(tanh);
        DirectArray dy = DirectArray.of(g);
        DirectArray out = DirectArray.of(dx);
        long columns = g.length() / Math.max(1, g.rows());
        RowBlocks.forEach(g.rows(), columns, (first, count, scratch, partial) -> {
            int n = Math.toIntExact(count * columns);
            int from = Math.toIntExact(first * columns);
            double[] v = scratch.get(0, n);
            double[] th = scratch.get(1, n);
            double[] d = scratch.get(2, n);
            in.read(from, v, n);
            t.read(from, th, n);
            dy.read(from, d, n);
            for (int i = 0; i < n; i++) {
                double xi = v[i];
                double ti = th[i];
                // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 * 0.044715 x^2)
                d[i] *= 0.5 * (1 + ti) + 0.5 * xi * (1 - ti * ti) * C * (1 + 3 * CUBIC * xi * xi);
            }
            out.write(from, d, n);
        });
        return dx;
    }

    private static INDArray dense(INDArray a) {
        return a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    }
}
