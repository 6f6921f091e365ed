package org.loralab.gpu.cpu;

import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;
import org.loralab.gpu.tensor.Precision;
import org.loralab.gpu.tensor.Shapes;

/**
 * The default backend: plain Java on one core. Products accumulate in double and are rounded once to the
 * storage precision; TF32 and bfloat16 are emulated by rounding the products' inputs and every stored value
 * as the GPU does, so this backend predicts the GPU's rounding error. Meant for correctness and small sizes.
 */
public final class CpuBackend implements Backend {
    private final Precision precision;

    public CpuBackend(Precision precision) {
        this.precision = precision;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        return new HostMatrix(rows, cols, precision);
    }

    @Override
    public Matrix upload(float[] rowMajor, int rows, int cols) {
        Shapes.requireData(rowMajor, rows, cols);
        HostMatrix m = new HostMatrix(rows, cols, precision);
        for (int i = 0; i < rowMajor.length; i++) {
            m.set(i, rowMajor[i]);
        }
        return m;
    }

    @Override
    public float[] download(Matrix m) {
        return host(m).data.clone();
    }

    @Override
    public void copy(Matrix from, Matrix to) {
        Shapes.requireSameShape(from, to, "copy");
        System.arraycopy(host(from).data, 0, host(to).data, 0, host(from).data.length);
    }

    @Override
    public void gemm(float alpha, Matrix a, boolean transposeA, Matrix b, boolean transposeB, float beta, Matrix c) {
        int k = Shapes.gemmInner(a, transposeA, b, transposeB, c);
        double[][] left = operand(host(a), transposeA);   // (m, k)
        double[][] right = operand(host(b), !transposeB); // op(b)^T: (n, k), so both loops run along rows
        HostMatrix out = host(c);
        int n = c.cols();
        for (int i = 0; i < c.rows(); i++) {
            double[] li = left[i];
            for (int j = 0; j < n; j++) {
                double[] rj = right[j];
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += li[p] * rj[p];
                }
                int index = i * n + j;
                double previous = beta == 0 ? 0 : (double) beta * out.data[index];
                out.set(index, (float) (alpha * sum + previous));
            }
        }
    }

    /** op(x) as rows of doubles, each value as the multiplier sees it. */
    private double[][] operand(HostMatrix x, boolean transpose) {
        int rows = transpose ? x.cols() : x.rows();
        int cols = transpose ? x.rows() : x.cols();
        double[][] out = new double[rows][cols];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                double v = precision.multiplied(x.data[i * x.cols() + j]);
                if (transpose) {
                    out[j][i] = v;
                } else {
                    out[i][j] = v;
                }
            }
        }
        return out;
    }

    @Override
    public void addRowVector(Matrix y, Matrix bias) {
        Shapes.requireRowVector(bias, y.cols(), "bias");
        HostMatrix out = host(y);
        float[] b = host(bias).data;
        for (int i = 0; i < out.data.length; i++) {
            out.set(i, out.data[i] + b[i % b.length]);
        }
    }

    @Override
    public void sumRows(Matrix m, Matrix out) {
        Shapes.requireRowVector(out, m.cols(), "sum of rows");
        float[] x = host(m).data;
        HostMatrix o = host(out);
        for (int j = 0; j < m.cols(); j++) {
            double sum = 0;
            for (int i = 0; i < m.rows(); i++) {
                sum += x[i * m.cols() + j];
            }
            o.set(j, (float) sum);
        }
    }

    @Override
    public void relu(Matrix x) {
        float[] d = host(x).data;
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(d[i], 0f);
        }
    }

    @Override
    public void reluBackward(Matrix activation, Matrix grad) {
        Shapes.requireSameShape(activation, grad, "relu backward");
        float[] a = host(activation).data;
        float[] g = host(grad).data;
        for (int i = 0; i < g.length; i++) {
            if (a[i] <= 0) {
                g[i] = 0;
            }
        }
    }

    @Override
    public double softmaxCrossEntropy(Matrix logits, Matrix targets, Matrix grad) {
        Shapes.requireLossShapes(logits, targets, grad);
        float[] z = host(logits).data;
        float[] t = host(targets).data;
        HostMatrix g = host(grad);
        int n = logits.rows();
        int classes = logits.cols();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(z[row + j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < classes; j++) {
                double logSoftmax = z[row + j] - max - logSum;
                total -= t[row + j] * logSoftmax;
                g.set(row + j, (float) ((Math.exp(logSoftmax) - t[row + j]) / n));
            }
        }
        return total / n;
    }

    @Override
    public void adam(Matrix w, Matrix g, Matrix m, Matrix v, float stepSize, float beta1, float beta2, float epsilon) {
        Shapes.requireAdamShapes(w, g, m, v);
        HostMatrix wh = host(w);
        float[] gd = host(g).data;
        HostMatrix mh = host(m);
        HostMatrix vh = host(v);
        for (int i = 0; i < gd.length; i++) {
            // float arithmetic in the kernel's order, so that CPU and GPU round alike
            float gi = gd[i];
            float mi = beta1 * mh.data[i] + (1f - beta1) * gi;
            float vi = beta2 * vh.data[i] + (1f - beta2) * gi * gi;
            mh.set(i, mi);
            vh.set(i, vi);
            wh.set(i, wh.data[i] - stepSize * mi / ((float) Math.sqrt(vi) + epsilon));
        }
    }

    @Override
    public void synchronize() {
        // every operation has finished when it returns
    }

    @Override
    public void close() {
        // nothing held
    }

    private HostMatrix host(Matrix m) {
        if (!(m instanceof HostMatrix h)) {
            throw new IllegalArgumentException("matrix belongs to another backend than cpu");
        }
        if (h.precision() != precision) {
            throw new IllegalArgumentException("matrix is " + h.precision() + ", backend is " + precision);
        }
        return h;
    }
}
