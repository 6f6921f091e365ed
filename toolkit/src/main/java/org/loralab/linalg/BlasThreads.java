package org.loralab.linalg;

import org.loralab.BadInputException;
import org.nd4j.linalg.factory.Nd4j;

/**
 * OpenBLAS runs on one thread in LoRA Lab, so that every result is the same bits on any number of cores: its threaded
 * products and factorizations split work by thread count and round differently with each split. The toolkit's own
 * parallelism ({@link Gemm}'s tiles, {@link RowBlocks}) cuts work into pieces that do not depend on the thread count.
 * Set {@code LORALAB_BLAS_THREADS} to a number to let OpenBLAS thread again: LAPACK's SVDs of large matrices
 * ({@code loralab spectrum} on a big checkpoint) then use every core, and results depend on the thread count.
 */
public final class BlasThreads {
    private static final String VARIABLE = "LORALAB_BLAS_THREADS";
    private static volatile boolean configured;
    private static final int THREADS = parsedOrZero();

    private BlasThreads() {
    }

    /** Sets OpenBLAS's thread count once, before the first call into it. */
    static synchronized void configure() {
        if (!configured) {
            Nd4j.factory().blas().setMaxThreads(threads());
            configured = true;
        }
    }

    /**
     * OpenBLAS's thread count as {@code LORALAB_BLAS_THREADS} sets it (1 when unset).
     *
     * @throws BadInputException when it is set to anything but a positive number
     */
    public static int threads() {
        return THREADS > 0 ? THREADS : threads(System.getenv(VARIABLE));
    }

    private static int parsedOrZero() {
        try {
            return threads(System.getenv(VARIABLE));
        } catch (BadInputException e) {
            return 0; // reported by threads() and by the command line before any work
        }
    }

    /** OpenBLAS's thread count for a value of {@code LORALAB_BLAS_THREADS}: 1 when unset. */
    static int threads(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new BadInputException(VARIABLE + " must be a positive number of threads, got '" + value + "'");
    }
}
