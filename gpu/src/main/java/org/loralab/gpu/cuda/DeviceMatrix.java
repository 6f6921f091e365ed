package org.loralab.gpu.cuda;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;

import org.bytedeco.javacpp.Pointer;
import org.loralab.gpu.tensor.MatrixShape;
import org.loralab.gpu.tensor.Precision;

/** A row-major matrix in device memory (float32, or bfloat16 bits for {@link Precision#BF16}). */
final class DeviceMatrix extends MatrixShape {
    private Pointer data;

    DeviceMatrix(int rows, int cols, Precision precision) {
        super(rows, cols, precision);
        Pointer p = new Pointer();
        Status.cuda(cudaMalloc(p, bytes()), "cudaMalloc of " + bytes() + " bytes for a " + shape() + " matrix");
        this.data = p;
    }

    long bytes() {
        return size() * precision().bytes();
    }

    Pointer data() {
        if (data == null) {
            throw new IllegalStateException("matrix " + shape() + " was closed");
        }
        return data;
    }

    @Override
    public void close() {
        if (data != null) {
            Status.cuda(cudaFree(data), "cudaFree");
            data = null;
        }
    }
}
