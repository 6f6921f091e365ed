package org.loralab.gpu.cpu;

import org.loralab.gpu.tensor.Matrix;
import org.loralab.gpu.tensor.Precision;

/** A matrix in a float array; for bfloat16 every stored value is already rounded to bfloat16. */
final class HostMatrix implements Matrix {
    private final int rows;
    private final int cols;
    private final Precision precision;
    final float[] data;

    HostMatrix(int rows, int cols, Precision precision) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix dimensions must be positive, got " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.precision = precision;
        this.data = new float[Math.multiplyExact(rows, cols)];
    }

    void set(int index, float value) {
        data[index] = precision.stored(value);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public void close() {
        // heap memory: the garbage collector frees it
    }
}
