package org.loralab.gpu.tensor;

/**
 * A row-major matrix owned by one {@link Backend}: host memory on the CPU backend, device memory on CUDA.
 * Closing it frees device memory; a closed matrix must not be used again.
 */
public interface Matrix extends AutoCloseable {

    int rows();

    int cols();

    Precision precision();

    /** rows x cols. */
    default long size() {
        return (long) rows() * cols();
    }

    /** "rows x cols", for messages. */
    default String shape() {
        return rows() + " x " + cols();
    }

    @Override
    void close();
}
