package org.loralab.gpu.cuda;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;

import org.bytedeco.javacpp.Pointer;
import org.loralab.gpu.tensor.Matrix;
import org.loralab.gpu.tensor.Precision;

/** A row-major matrix in device memory (float32, or bfloat16 bits for {@link Precision#BF16}). */
final class DeviceMatrix implements Matrix {
    private final int rows;
    private final int cols;
    private final Precision precision;
    private Pointer data;

    DeviceMatrix(int rows, int cols, Precision precision) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix dimensions must be positive, got " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.precision = precision;
        Pointer p = new Pointer();
        Status.cuda(cudaMalloc(p, bytes()), "cudaMalloc of " + bytes() + " bytes for a " + shape() + " matrix");
        this.data = p;
    }

    long bytes() {
        return size() * precision.bytes();
    }

    Pointer data() {
        if (data == null) {
            throw new IllegalStateException("matrix " + shape() + " was closed");
        }
        return data;
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
        if (data != null) {
            Status.cuda(cudaFree(data), "cudaFree");
            data = null;
        }
    }
}
