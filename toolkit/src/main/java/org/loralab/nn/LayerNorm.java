package org.loralab.nn;

import java.util.Arrays;
import java.util.List;
import org.loralab.linalg.DirectArray;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation over the features of each row, y = (x - mean) / sqrt(var + eps) * weight + bias, as torch; one
 * pass over the rows forward and one backward, in double for double storage and in float for float storage
 * ({@link LayerNormFloat}).
 */
public final class LayerNorm implements Trainable {
    private static final double EPS = 1e-5;
    private final Parameter weight; // (features)
    private final Parameter bias;   // (features)
    private boolean trainable = true;
    private INDArray normalized;    // x-hat (n, features), cached by forward
    private double[] inverseStd;    // 1 / sqrt(var + eps) per row, cached by forward

    /** Wraps the given arrays (not copied). */
    public LayerNorm(INDArray weight, INDArray bias) {
        this.weight = new Parameter("weight", weight);
        this.bias = new Parameter("bias", bias);
    }

    /** Weight 1 and bias 0, as torch initialises it. */
    public static LayerNorm identity(int features, org.nd4j.linalg.api.buffer.DataType dtype) {
        return new LayerNorm(Nd4j.ones(dtype, features), Nd4j.zeros(dtype, features));
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    @Override
    public List<Parameter> trainableParameters() {
        return trainable ? List.of(weight, bias) : List.of();
    }

    /** @param x (n, features), not modified */
    public INDArray forward(INDArray x) {
        int features = (int) x.columns();
        normalized = Nd4j.createUninitialized(x.dataType(), x.shape());
        inverseStd = new double[(int) x.rows()];
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.shape());
        double[] w = weight.value().toDoubleVector();
        double[] b = bias.value().toDoubleVector();
        DirectArray in = DirectArray.of(x.ordering() == 'c' ? x : x.dup('c'));
        DirectArray xhat = DirectArray.of(normalized);
        DirectArray out = DirectArray.of(y);
        if (in.isFloat()) {
            inverseStd = LayerNormFloat.forward(in, xhat, out, (int) x.rows(), features, floats(w), floats(b), (float) EPS);
            return y;
        }
        // a block of rows read and written at once: a call per row of 128 cost more than the row's arithmetic
        RowBlocks.forEach(x.rows(), features, (first, count, scratch, partial) -> {
            double[] rows = scratch.get(0, count * features);
            in.read(first * features, rows, count * features);
            for (int r = 0; r < count; r++) {
                int at = r * features;
                double mean = dot(rows, at, null, features) / features;
                for (int j = at; j < at + features; j++) {
                    rows[j] -= mean;
                }
                double inv = 1 / Math.sqrt(dot(rows, at, rows, features) / features + EPS);
                inverseStd[first + r] = inv;
                for (int j = at; j < at + features; j++) {
                    rows[j] *= inv;
                }
            }
            xhat.write(first * features, rows, count * features);
            for (int r = 0; r < count; r++) {
                int at = r * features;
                for (int j = 0; j < features; j++) {
                    rows[at + j] = rows[at + j] * w[j] + b[j];
                }
            }
            out.write(first * features, rows, count * features);
        });
        return y;
    }

    /** dL/dx from dL/dy of the last forward; writes the gradients of weight and bias when trainable. */
    public INDArray backward(INDArray gradOutput) {
        int features = (int) gradOutput.columns();
        INDArray dx = Nd4j.createUninitialized(gradOutput.dataType(), gradOutput.shape());
        double[] w = weight.value().toDoubleVector();
        DirectArray dy = DirectArray.of(gradOutput.ordering() == 'c' ? gradOutput : gradOutput.dup('c'));
        DirectArray xhat = DirectArray.of(normalized);
        DirectArray out = DirectArray.of(dx);
        // dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / std with dxhat = dy * weight, means over the
        // features of each row; the parameter gradients sum dy * xhat and dy over the rows
        double[] sums = dy.isFloat()
                ? LayerNormFloat.backward(dy, xhat, out, inverseStd, (int) gradOutput.rows(), features, floats(w))
                : RowBlocks.sum(gradOutput.rows(), features, 2 * features, (first, count, scratch, partial) -> {
            double[] g = scratch.get(0, count * features);
            double[] h = scratch.get(1, count * features);
            dy.read(first * features, g, count * features);
            xhat.read(first * features, h, count * features);
            for (int r = 0; r < count; r++) {
                int at = r * features;
                for (int j = 0; j < features; j++) {
                    partial[j] += g[at + j] * h[at + j];
                    partial[features + j] += g[at + j];
                    g[at + j] *= w[j];
                }
                double meanGrad = dot(g, at, null, features) / features;
                double meanProjection = dot(g, at, h, features) / features;
                double inv = inverseStd[first + r];
                for (int j = at; j < at + features; j++) {
                    g[j] = (g[j] - meanGrad - h[j] * meanProjection) * inv;
                }
            }
            out.write(first * features, g, count * features);
        });
        if (trainable) {
            weight.grad().assign(Nd4j.createFromArray(Arrays.copyOfRange(sums, 0, features)));
            bias.grad().assign(Nd4j.createFromArray(Arrays.copyOfRange(sums, features, 2 * features)));
        }
        return dx;
    }

    /**
     * sum_j a[j] b[j] (b null: sum_j a[j]) over [at, at + n), in four interleaved partial sums: one running sum is a
     * chain of dependent additions that made these reductions the slowest part of the layer.
     */
    private static double dot(double[] a, int at, double[] b, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = at;
        int end = at + n;
        for (; j + 3 < end; j += 4) {
            s0 += b == null ? a[j] : a[j] * b[j];
            s1 += b == null ? a[j + 1] : a[j + 1] * b[j + 1];
            s2 += b == null ? a[j + 2] : a[j + 2] * b[j + 2];
            s3 += b == null ? a[j + 3] : a[j + 3] * b[j + 3];
        }
        for (; j < end; j++) {
            s0 += b == null ? a[j] : a[j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    public LayerNorm copy() {
        LayerNorm copy = new LayerNorm(weight.value().dup(), bias.value().dup());
        copy.trainable = trainable;
        return copy;
    }
}
