package org.loralab.gpu.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;

/**
 * A frozen {@link Linear} with one LoRA adapter, as the toolkit's {@code LoraLinear} (without dropout):
 * y = x W^T + b + s (x A^T) B^T with A (r, in), B (out, r), s = alpha / r. Only A and B train. Backward
 * never forms the (out, in) update: dB = s dy^T h, dA = s (dy B)^T x, dx = dy W + s (dy B) A.
 */
public final class LoraLinear implements Layer {
    private final Backend backend;
    private final Linear base;
    private final Matrix a;
    private final Matrix b;
    private final Matrix gradA;
    private final Matrix gradB;
    private final float scaling;
    private final Buffers buffers;
    private Matrix input;
    private boolean merged;

    /** Wraps {@code base} (frozen from now on) with A (rank x in) and B (out x rank), row-major. */
    public LoraLinear(Linear base, float[] a, float[] b, int rank, float scaling) {
        if (rank < 1 || rank > Math.min(base.inFeatures(), base.outFeatures())) {
            throw new IllegalArgumentException(base.name() + ": rank " + rank + " is outside 1.." + Math.min(base.inFeatures(),
                    base.outFeatures()));
        }
        this.backend = base.backendOf();
        this.base = base;
        base.setTrainable(false);
        this.a = backend.upload(a, rank, base.inFeatures());
        this.b = backend.upload(b, base.outFeatures(), rank);
        this.gradA = backend.zeros(rank, base.inFeatures());
        this.gradB = backend.zeros(base.outFeatures(), rank);
        this.scaling = scaling;
        this.buffers = new Buffers(backend);
    }

    /**
     * PEFT's default initialisation: A uniform in +-1/sqrt(in) (Kaiming-uniform with a = sqrt(5)), B = 0, so the
     * layer starts equal to its base; s = alpha / rank.
     */
    public static LoraLinear initialize(Linear base, int rank, float alpha, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float bound = (float) (1.0 / Math.sqrt(base.inFeatures()));
        float[] a = new float[rank * base.inFeatures()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
        return new LoraLinear(base, a, new float[base.outFeatures() * rank], rank, alpha / rank);
    }

    public int rank() {
        return a.rows();
    }

    public float scaling() {
        return scaling;
    }

    public boolean isMerged() {
        return merged;
    }

    /** W += s B A: the adapter folded into the base, so forward costs one GEMM. */
    public void merge() {
        if (merged) {
            throw new IllegalStateException(base.name() + " is already merged");
        }
        backend.gemm(scaling, b, false, a, false, 1f, base.weight());
        merged = true;
    }

    /** W -= s B A: undoes {@link #merge()} up to one rounding of the storage precision. */
    public void unmerge() {
        if (!merged) {
            throw new IllegalStateException(base.name() + " is not merged");
        }
        backend.gemm(-scaling, b, false, a, false, 1f, base.weight());
        merged = false;
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    @Override
    public Matrix forward(Matrix x) {
        Matrix y = base.forward(x);
        if (merged) {
            return y;
        }
        input = x;
        Matrix hidden = buffers.get("hidden", x.rows(), rank());
        backend.gemm(1f, x, false, a, true, 0f, hidden);        // h = x A^T      (n, r)
        backend.gemm(scaling, hidden, false, b, true, 1f, y);   // y += s h B^T
        return y;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGrad) {
        requireUnmerged("train");
        if (input == null) {
            throw new IllegalStateException(base.name() + ": backward before forward");
        }
        Matrix dx = base.backward(gradOutput, needInputGrad);
        Matrix hidden = buffers.get("hidden", input.rows(), rank());
        Matrix gradHidden = buffers.get("gradHidden", input.rows(), rank());
        backend.gemm(scaling, gradOutput, true, hidden, false, 0f, gradB);  // dB = s dy^T h   (out, r)
        backend.gemm(scaling, gradOutput, false, b, false, 0f, gradHidden); // dh = s dy B     (n, r)
        backend.gemm(1f, gradHidden, true, input, false, 0f, gradA);        // dA = dh^T x     (r, in)
        if (needInputGrad) {
            backend.gemm(1f, gradHidden, false, a, false, 1f, dx);          // dx += dh A
        }
        return dx;
    }

    private void requireUnmerged(String action) {
        if (merged) {
            throw new IllegalStateException("unmerge " + base.name() + " before you " + action);
        }
    }

    @Override
    public List<Parameter> trainableParameters() {
        if (merged) {
            return List.of();
        }
        String name = base.name();
        return List.of(new Parameter(name + ".lora_A", a, gradA), new Parameter(name + ".lora_B", b, gradB));
    }

    /** W + s B A (or W itself when merged), downloaded; W is left untouched. */
    @Override
    public float[] effectiveWeight() {
        if (merged) {
            return base.effectiveWeight();
        }
        try (Matrix w = backend.zeros(outFeatures(), inFeatures())) {
            backend.copy(base.weight(), w);
            backend.gemm(scaling, b, false, a, false, 1f, w);
            return backend.download(w);
        }
    }

    @Override
    public void close() {
        base.close();
        a.close();
        b.close();
        gradA.close();
        gradB.close();
        buffers.close();
    }
}
