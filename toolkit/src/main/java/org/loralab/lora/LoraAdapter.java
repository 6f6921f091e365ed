package org.loralab.lora;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.loralab.linalg.LowRankMatrices;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.nn.Parameter;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The trainable factors of one adapter on one linear module: dW = scaling * B A. */
public final class LoraAdapter {
    private final LoraConfig config;
    private final Parameter a; // (r, in)
    private final Parameter b; // (out, r)
    private final SplittableRandom dropoutRng;
    /** What PiSSA took out of the base weight at creation (out, in); null for other inits. */
    private final INDArray baseShift;

    private LoraAdapter(LoraConfig config, INDArray a, INDArray b, SplittableRandom dropoutRng, INDArray baseShift) {
        this.config = config;
        this.a = new Parameter("lora_A", a);
        this.b = new Parameter("lora_B", b);
        this.dropoutRng = dropoutRng;
        this.baseShift = baseShift;
    }

    /**
     * New factors for a module with weight {@code baseWeight} (out, in; not modified), drawn from
     * {@code seed}. For PiSSA, {@link #baseShift()} says what the caller must subtract from the base.
     */
    static LoraAdapter initialize(LoraConfig config, INDArray baseWeight, long seed) {
        int out = (int) baseWeight.rows();
        int in = (int) baseWeight.columns();
        int r = config.rank();
        if (r > Math.min(out, in)) {
            throw new IllegalArgumentException("rank must be <= min(out, in) = " + Math.min(out, in) + ", got " + r);
        }
        DataType dtype = baseWeight.dataType();
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray a;
        INDArray b;
        INDArray shift = null;
        switch (config.init()) {
            case KAIMING -> {
                double bound = 1.0 / Math.sqrt(in); // kaiming_uniform_(a=sqrt(5)): sqrt(6 / ((1 + 5) in))
                a = RandomArrays.uniform(rng, -bound, bound, dtype, r, in);
                b = Nd4j.zeros(dtype, out, r); // B = 0: the adapted model starts equal to the base
            }
            case GAUSSIAN -> {
                a = RandomArrays.normal(rng, 0.0, 1.0 / r, dtype, r, in);
                b = Nd4j.zeros(dtype, out, r);
            }
            case PISSA -> {
                Svd svd = Svd.of(MatrixBridge.toEjml(baseWeight));
                // split sqrt(s_j / scaling) between the factors so that scaling * B A = U_r S_r V_r^T
                double[] root = java.util.Arrays.stream(svd.s()).map(sj -> Math.sqrt(sj / config.scaling())).toArray();
                DMatrixRMaj bm = LowRankMatrices.scaledColumns(svd.u(), root, r);           // (out, r)
                DMatrixRMaj am = LowRankMatrices.scaledColumns(svd.v(), root, r);           // (in, r) = A^T
                a = MatrixBridge.toNd4j(am, dtype).transpose().dup('c');
                b = MatrixBridge.toNd4j(bm, dtype);
                shift = Nd4j.gemm(b, a, false, false).muli(config.scaling());
            }
            default -> throw new IllegalStateException("unknown init " + config.init());
        }
        return new LoraAdapter(config, a, b, rng, shift);
    }

    public LoraConfig config() {
        return config;
    }

    public int rank() {
        return config.rank();
    }

    public double scaling() {
        return config.scaling();
    }

    /** lora_A, (r, in). */
    public Parameter a() {
        return a;
    }

    /** lora_B, (out, r). */
    public Parameter b() {
        return b;
    }

    /** Trainable scalars: r (in + out). */
    public long parameterCount() {
        return a.size() + b.size();
    }

    /** scaling * B A, (out, in), in double whatever the factors' type (for exact merges). */
    public INDArray deltaWeight() {
        INDArray bd = b.value().castTo(DataType.DOUBLE);
        INDArray ad = a.value().castTo(DataType.DOUBLE);
        return Nd4j.gemm(bd, ad, false, false).muli(scaling());
    }

    /** The base-weight change PiSSA made at creation, or null. */
    INDArray baseShift() {
        return baseShift;
    }

    /** A dropout mask (n, in) with entries 0 or 1 / (1 - p), or null when dropout is off. */
    INDArray dropoutMask(long n, long in, DataType dtype) {
        double p = config.dropout();
        if (p == 0) {
            return null;
        }
        INDArray u = RandomArrays.uniform(dropoutRng, 0, 1, dtype, n, in);
        return u.gte(p).castTo(dtype).muli(1.0 / (1.0 - p));
    }

    LoraAdapter copy() {
        return new LoraAdapter(config, a.value().dup(), b.value().dup(), dropoutRng.split(),
                baseShift == null ? null : baseShift.dup());
    }
}
