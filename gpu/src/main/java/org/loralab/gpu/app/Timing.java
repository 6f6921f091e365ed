package org.loralab.gpu.app;

import java.util.Arrays;
import org.loralab.gpu.tensor.Backend;

/** Median wall time of an operation, each run followed by a device synchronisation. */
final class Timing {
    private Timing() {
    }

    static double medianMillis(Backend backend, int warmup, int iterations, Runnable op) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        backend.synchronize();
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            op.run();
            backend.synchronize();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return iterations % 2 == 1 ? ms[iterations / 2] : (ms[iterations / 2 - 1] + ms[iterations / 2]) / 2;
    }
}
