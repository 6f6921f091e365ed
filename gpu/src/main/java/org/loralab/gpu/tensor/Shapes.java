package org.loralab.gpu.tensor;

/** Shape checks shared by the backends, so that both reject the same mistakes with the same words. */
public final class Shapes {
    private Shapes() {
    }

    /** The inner dimension of op(a) op(b) after checking that it matches and that c is op(a) op(b)'s shape. */
    public static int gemmInner(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix c) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not fit: op(a) " + m + " x " + k + ", op(b) " + kb + " x "
                    + n + ", c " + c.shape());
        }
        return k;
    }

    public static void requireSameShape(Matrix x, Matrix y, String what) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException(what + ": shapes differ, " + x.shape() + " and " + y.shape());
        }
    }

    public static void requireRowVector(Matrix m, int cols, String what) {
        if (m.rows() != 1 || m.cols() != cols) {
            throw new IllegalArgumentException(what + ": expected 1 x " + cols + ", got " + m.shape());
        }
    }

    public static void requireData(float[] rowMajor, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("cannot make a " + rows + " x " + cols + " matrix of " + rowMajor.length
                    + " values");
        }
    }

    public static void requireLossShapes(Matrix logits, Matrix targets, Matrix grad) {
        requireSameShape(logits, targets, "softmax cross-entropy targets");
        requireSameShape(logits, grad, "softmax cross-entropy gradient");
    }

    public static void requireAdamShapes(Matrix w, Matrix g, Matrix m, Matrix v) {
        requireSameShape(w, g, "adam gradient");
        requireSameShape(w, m, "adam first moment");
        requireSameShape(w, v, "adam second moment");
    }
}
