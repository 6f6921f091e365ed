package org.loralab.nn;

import org.loralab.linalg.DirectArray;
import org.loralab.linalg.RowBlocks;

/**
 * {@link LayerNorm}'s two passes for float storage, in float as torch computes them, in short loops the JIT
 * vectorizes (eight floats an instruction where the double path has four, and no conversions); the row sums by
 * {@link FloatSum}. The parameter gradients, sums over all rows, still add up in double.
 */
final class LayerNormFloat {
    private LayerNormFloat() {
    }

    /** Writes x-hat and y for every row of x; returns 1 / sqrt(var + eps) per row. */
    static double[] forward(DirectArray in, DirectArray xhat, DirectArray out, int rows, int features, float[] w,
                            float[] b, float eps) {
        double[] inverseStd = new double[rows];
        RowBlocks.forEach(rows, features, (first, count, scratch, partial) -> {
            float[] x = scratch.floats(0, count * features);
            float[] squares = scratch.floats(1, features);
            in.readFloats(first * features, x, count * features);
            for (int r = 0; r < count; r++) {
                int at = r * features;
                float mean = FloatSum.of(x, at, features) / features;
                for (int j = at; j < at + features; j++) {
                    x[j] -= mean;
                }
                for (int j = 0; j < features; j++) {
                    squares[j] = x[at + j] * x[at + j];
                }
                float inv = 1f / (float) Math.sqrt(FloatSum.of(squares, 0, features) / features + eps);
                inverseStd[first + r] = inv;
                for (int j = at; j < at + features; j++) {
                    x[j] *= inv;
                }
            }
            xhat.writeFloats(first * features, x, count * features);
            for (int r = 0; r < count; r++) {
                int at = r * features;
                for (int j = 0; j < features; j++) {
                    x[at + j] = x[at + j] * w[j] + b[j];
                }
            }
            out.writeFloats(first * features, x, count * features);
        });
        return inverseStd;
    }

    /** Writes dL/dx; returns the sums over rows of dy * x-hat (weight gradient) then of dy (bias gradient). */
    static double[] backward(DirectArray dy, DirectArray xhat, DirectArray out, double[] inverseStd, int rows,
                             int features, float[] w) {
        return RowBlocks.sum(rows, features, 2 * features, (first, count, scratch, partial) -> {
            float[] g = scratch.floats(0, count * features);
            float[] h = scratch.floats(1, count * features);
            float[] products = scratch.floats(2, features);
            dy.readFloats(first * features, g, count * features);
            xhat.readFloats(first * features, h, count * features);
            for (int r = 0; r < count; r++) {
                int at = r * features;
                for (int j = 0; j < features; j++) {
                    partial[j] += g[at + j] * h[at + j];
                    partial[features + j] += g[at + j];
                }
                for (int j = 0; j < features; j++) {
                    g[at + j] *= w[j];
                    products[j] = g[at + j] * h[at + j];
                }
                float meanGrad = FloatSum.of(g, at, features) / features;
                float meanProjection = FloatSum.of(products, 0, features) / features;
                float inv = (float) inverseStd[first + r];
                for (int j = at; j < at + features; j++) {
                    g[j] = (g[j] - meanGrad - h[j] * meanProjection) * inv;
                }
            }
            out.writeFloats(first * features, g, count * features);
        });
    }
}
