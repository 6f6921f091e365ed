package org.loralab.linalg;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sums and products of two arrays of one shape, element by element, in one pass on the toolkit's threads
 * ({@link RowBlocks}): the residual additions, gradient products, ReLU and tanh's gradient of a training step. ND4J's
 * own ops cost about a millisecond each there, mostly in waking their OpenMP threads (a tenth of a char-LM step,
 * measured). Float arrays are added in float, as ND4J and PyTorch do; double in double.
 */
public final class Elementwise {
    private Elementwise() {
    }

    private enum Op { ADD, MULTIPLY, WHERE_POSITIVE, TIMES_TANH_SLOPE }

    /** a + b, a new array. */
    public static INDArray sum(INDArray a, INDArray b) {
        return apply(a, b, Nd4j.createUninitialized(a.dataType(), a.shape()), Op.ADD);
    }

    /** a += b; returns a, which must be dense row-major. */
    public static INDArray addInPlace(INDArray a, INDArray b) {
        return apply(a, b, a, Op.ADD);
    }

    /** a * b element by element, a new array. */
    public static INDArray product(INDArray a, INDArray b) {
        return apply(a, b, Nd4j.createUninitialized(a.dataType(), a.shape()), Op.MULTIPLY);
    }

    /** a where b > 0, else 0: a new array (ReLU's gradient a from its output b). */
    public static INDArray wherePositive(INDArray a, INDArray b) {
        return apply(a, b, Nd4j.createUninitialized(a.dataType(), a.shape()), Op.WHERE_POSITIVE);
    }

    /** a (1 - b^2), a new array (tanh's gradient a times its slope at output b). */
    public static INDArray timesTanhSlope(INDArray a, INDArray b) {
        return apply(a, b, Nd4j.createUninitialized(a.dataType(), a.shape()), Op.TIMES_TANH_SLOPE);
    }

    /** max(a, 0) in place (ReLU); returns a, which must be dense row-major. */
    public static INDArray positivePartInPlace(INDArray a) {
        return apply(a, a, a, Op.WHERE_POSITIVE);
    }

    private static INDArray apply(INDArray a, INDArray b, INDArray out, Op op) {
        if (a.length() != b.length() || a.dataType() != b.dataType()) {
            throw new IllegalArgumentException("needs arrays of one length and type, got " + Arrays.toString(a.shape())
                    + " " + a.dataType() + " and " + Arrays.toString(b.shape()) + " " + b.dataType());
        }
        DirectArray x = DirectArray.of(DirectArray.dense(a));
        DirectArray y = DirectArray.of(DirectArray.dense(b));
        DirectArray z = DirectArray.of(out);
        RowBlocks.forEach(a.length(), 1, (first, count, scratch, partial) -> {
            if (x.isFloat()) {
                float[] u = scratch.floats(0, count);
                float[] v = scratch.floats(1, count);
                x.readFloats(first, u, count);
                y.readFloats(first, v, count);
                switch (op) {
                    case ADD -> { for (int i = 0; i < count; i++) { u[i] += v[i]; } }
                    case MULTIPLY -> { for (int i = 0; i < count; i++) { u[i] *= v[i]; } }
                    case WHERE_POSITIVE -> { for (int i = 0; i < count; i++) { u[i] = v[i] > 0 ? u[i] : 0f; } }
                    case TIMES_TANH_SLOPE -> { for (int i = 0; i < count; i++) { u[i] *= 1 - v[i] * v[i]; } }
                }
                z.writeFloats(first, u, count);
            } else {
                double[] u = scratch.get(0, count);
                double[] v = scratch.get(1, count);
                x.read(first, u, count);
                y.read(first, v, count);
                switch (op) {
                    case ADD -> { for (int i = 0; i < count; i++) { u[i] += v[i]; } }
                    case MULTIPLY -> { for (int i = 0; i < count; i++) { u[i] *= v[i]; } }
                    case WHERE_POSITIVE -> { for (int i = 0; i < count; i++) { u[i] = v[i] > 0 ? u[i] : 0.0; } }
                    case TIMES_TANH_SLOPE -> { for (int i = 0; i < count; i++) { u[i] *= 1 - v[i] * v[i]; } }
                }
                z.write(first, u, count);
            }
        });
        return out;
    }
}
