package org.loralab.gpu.cpu;

import org.loralab.gpu.tensor.MatrixShape;
import org.loralab.gpu.tensor.Precision;

/** A matrix in a float array; for bfloat16 every stored value is already rounded to bfloat16. */
final class HostMatrix extends MatrixShape {
    final float[] data;

    HostMatrix(int rows, int cols, Precision precision) {
        super(rows, cols, precision);
        this.data = new float[Math.multiplyExact(rows, cols)];
    }

    void set(int index, float value) {
        data[index] = precision().stored(value);
    }

    @Override
    public void close() {
        // heap memory: the garbage collector frees it
    }
}
