package org.loralab.gpu.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.loralab.gpu.nn.Adam;
import org.loralab.gpu.nn.Layer;
import org.loralab.gpu.nn.Linear;
import org.loralab.gpu.nn.LoraLinear;
import org.loralab.gpu.nn.Mlp;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;

/**
 * Times, on one backend and precision: the plain GEMM of the layer's shape (the rate everything else is
 * measured against), a LoRA layer's forward + backward (dx, dA, dB) at each rank, one training step of the
 * layer with full fine-tuning and with LoRA (Adam included), and the same for an MLP dim -> dim -> dim -> classes.
 * The same measures, with the same names, come from {@code peft_bench.py} for PyTorch + PEFT.
 */
final class LayerBenchmark {

    /** @param dim d = k of the layer; tokens n, the rows of a batch */
    record Settings(int dim, int tokens, List<Integer> ranks, int classes, int warmup, int iterations) {
        Settings {
            if (dim < 1 || tokens < 1 || classes < 2 || warmup < 0 || iterations < 1 || ranks.isEmpty()) {
                throw new IllegalArgumentException("benchmark sizes must be positive (dim, tokens, iterations, ranks)");
            }
            for (int r : ranks) {
                if (r < 1 || r > dim) {
                    throw new IllegalArgumentException("rank " + r + " is outside 1.." + dim);
                }
            }
            ranks = List.copyOf(ranks);
        }
    }

    /** One measure; rank 0 where none applies; gemmFraction = achieved rate / the measured GEMM rate. */
    record Row(String precision, String measure, int rank, double millis, double flops, double gemmRate) {
        double tflops() {
            return flops / millis / 1e9;
        }

        static String csvHeader() {
            return "implementation,precision,measure,rank,ms,tflops,fraction_of_gemm_rate";
        }

        String csvRow() {
            return String.format(Locale.ROOT, "loralab,%s,%s,%d,%.4f,%.2f,%.3f", precision, measure, rank, millis, tflops(),
                    tflops() / gemmRate);
        }
    }

    private final Backend backend;
    private final Settings s;
    private final SplittableRandom rng = new SplittableRandom(42);
    private final List<Row> rows = new ArrayList<>();
    private double gemmRate;

    private LayerBenchmark(Backend backend, Settings settings) {
        this.backend = backend;
        this.s = settings;
    }

    static List<Row> run(Backend backend, Settings settings, PrintStream log) {
        LayerBenchmark b = new LayerBenchmark(backend, settings);
        b.layer(log);
        b.mlp(log);
        return b.rows;
    }

    private void layer(PrintStream log) {
        int n = s.tokens();
        int d = s.dim();
        double nd2 = 2.0 * n * d * d;
        try (Matrix x = random(n, d, 1);
             Matrix dy = random(n, d, 1);
             Matrix w = random(d, d, 1 / Math.sqrt(d));
             Matrix y = backend.zeros(n, d)) {
            gemmRate = nd2 / Timing.medianMillis(backend, s.warmup(), s.iterations(),
                    () -> backend.gemm(1f, x, false, w, true, 0f, y)) / 1e9;
            add("gemm", 0, nd2 / gemmRate / 1e9, nd2, log);

            try (Linear full = linear("full", d, d); Adam adam = new Adam(backend, full.trainableParameters(), 1e-4f)) {
                add("layer_full_step", 0, time(() -> {
                    full.forward(x);
                    full.backward(dy, true);
                    adam.step();
                }), 3 * nd2, log);
            }
            for (int r : s.ranks()) {
                double loraFlops = 2 * nd2 + 6.0 * n * r * (d + d);
                try (LoraLinear lora = lora(linear("lora", d, d), r);
                     Adam adam = new Adam(backend, lora.trainableParameters(), 1e-4f)) {
                    add("lora_forward_backward", r, time(() -> {
                        lora.forward(x);
                        lora.backward(dy, true);
                    }), loraFlops, log);
                    add("layer_lora_step", r, time(() -> {
                        lora.forward(x);
                        lora.backward(dy, true);
                        adam.step();
                    }), loraFlops, log);
                    lora.merge();
                    add("merged_forward", r, time(() -> lora.forward(x)), nd2, log);
                }
            }
        }
    }

    private void mlp(PrintStream log) {
        int n = s.tokens();
        int d = s.dim();
        double g = 2.0 * n * d * d;           // one GEMM of a hidden layer
        double h = 2.0 * n * d * s.classes(); // one GEMM of the head
        // forward of all, dW of all, dx of all but the first layer
        double fullFlops = 5 * g + 3 * h;
        try (Matrix x = random(n, d, 1); Matrix targets = oneHot(n, s.classes())) {
            try (Mlp model = new Mlp(backend, List.of(linear("layers.0", d, d), linear("layers.1", d, d),
                    linear("head", s.classes(), d)));
                 Adam adam = new Adam(backend, model.trainableParameters(), 1e-4f)) {
                add("mlp_full_step", 0, time(() -> {
                    model.lossAndGradients(x, targets);
                    adam.step();
                }), fullFlops, log);
            }
            for (int r : s.ranks()) {
                // frozen bases: forward of all, dx of all but the first; adapters: 6 n r (d + d) each, less dx of the first
                double loraFlops = 3 * g + 2 * h + 2 * 6.0 * n * r * (2 * d) - 2.0 * n * r * d;
                Linear head = linear("head", s.classes(), d);
                head.setTrainable(false);
                List<Layer> layers = List.of(lora(linear("layers.0", d, d), r), lora(linear("layers.1", d, d), r), head);
                try (Mlp model = new Mlp(backend, layers); Adam adam = new Adam(backend, model.trainableParameters(), 1e-4f)) {
                    add("mlp_lora_step", r, time(() -> {
                        model.lossAndGradients(x, targets);
                        adam.step();
                    }), loraFlops, log);
                }
            }
        }
    }

    private double time(Runnable op) {
        return Timing.medianMillis(backend, s.warmup(), s.iterations(), op);
    }

    private void add(String measure, int rank, double millis, double flops, PrintStream log) {
        Row row = new Row(backend.precision().toString(), measure, rank, millis, flops, gemmRate);
        rows.add(row);
        log.printf(Locale.ROOT, "  %-5s %-22s r=%-3d %9.3f ms %8.2f TFLOP/s (%.0f%% of the GEMM rate)%n", row.precision(),
                measure, rank, millis, row.tflops(), 100 * row.tflops() / gemmRate);
    }

    private Linear linear(String name, int out, int in) {
        double bound = 1 / Math.sqrt(in);
        return new Linear(backend, name, values(out * in, bound), values(out, bound), out, in);
    }

    /** A LoRA adapter with B not zero, so that no product is trivially zero. */
    private LoraLinear lora(Linear base, int rank) {
        return new LoraLinear(base, values(rank * base.inFeatures(), 1 / Math.sqrt(base.inFeatures())),
                values(base.outFeatures() * rank, 0.01), rank, 2f);
    }

    private Matrix random(int rows, int cols, double scale) {
        return backend.upload(values(rows * cols, scale), rows, cols);
    }

    private Matrix oneHot(int rows, int classes) {
        float[] t = new float[rows * classes];
        for (int i = 0; i < rows; i++) {
            t[i * classes + rng.nextInt(classes)] = 1;
        }
        return backend.upload(t, rows, classes);
    }

    private float[] values(int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return v;
    }
}
