package org.loralab.gpu.tensor;

/** The part every {@link Matrix} shares: its checked dimensions and precision. */
public abstract class MatrixShape implements Matrix {
    private final int rows;
    private final int cols;
    private final Precision precision;

    protected MatrixShape(int rows, int cols, Precision precision) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix dimensions must be positive, got " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.precision = precision;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    @Override
    public final Precision precision() {
        return precision;
    }
}
