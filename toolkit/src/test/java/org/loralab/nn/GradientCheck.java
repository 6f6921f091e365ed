package org.loralab.nn;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences for gradient checks in double precision. The scalar checked is
 * L = sum(y * R) for a fixed random R, so dL/dy = R.
 *
 * <p>Tolerance: with step h = 1e-6 the truncation error of central differences is O(h^2) = 1e-12 and the
 * rounding error about eps * |L| / h = 1e-10 relative, so a correct gradient agrees to about 1e-9; the
 * tests ask for 1e-6 (the bound), far below what any wrong term would give.
 */
public final class GradientCheck {
    public static final double STEP = 1e-6;

    private GradientCheck() {
    }

    /** A fixed random weighting R of the output (n, out), in double. */
    public static INDArray weights(long seed, long rows, long cols) {
        return RandomArrays.normal(new SplittableRandom(seed), 0, 1, DataType.DOUBLE, rows, cols);
    }

    /** L = sum(output * r). */
    public static double objective(INDArray output, INDArray r) {
        return output.mul(r).sumNumber().doubleValue();
    }

    /** Numerical dL/dp for every entry of {@code p}, restoring it afterwards. */
    public static INDArray numerical(INDArray p, Supplier<Double> loss) {
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, p.shape());
        INDArray flat = p.reshape(p.length());
        INDArray gflat = grad.reshape(grad.length());
        for (long i = 0; i < p.length(); i++) {
            double v = flat.getDouble(i);
            flat.putScalar(i, v + STEP);
            double plus = loss.get();
            flat.putScalar(i, v - STEP);
            double minus = loss.get();
            flat.putScalar(i, v);
            gflat.putScalar(i, (plus - minus) / (2 * STEP));
        }
        return grad;
    }

    /** ||a - b||_F / max(||a||_F + ||b||_F, tiny): the norm-wise relative error. */
    public static double relativeError(INDArray analytic, INDArray numeric) {
        double diff = analytic.sub(numeric).norm2Number().doubleValue();
        double scale = analytic.norm2Number().doubleValue() + numeric.norm2Number().doubleValue();
        return diff / Math.max(scale, 1e-300);
    }
}
