package org.loralab.train;

import org.loralab.linalg.DirectArray;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * L = mean over all elements of (prediction - target)^2, as torch.nn.MSELoss. One pass in double over both arrays,
 * summed through {@link RowBlocks}: the same bits on any number of threads (BLAS's dot splits by thread).
 */
public final class MeanSquaredError implements Loss {

    /** value = |d|^2 / N and gradient = 2 d / N from one pass over d = predictions - targets. */
    @Override
    public ValueAndGradient valueAndGradient(INDArray predictions, INDArray targets) {
        requireSameShape(predictions, targets);
        INDArray gradient = Nd4j.createUninitialized(predictions.dataType(), predictions.shape());
        DirectArray p = DirectArray.of(DirectArray.dense(predictions));
        DirectArray t = DirectArray.of(DirectArray.dense(targets));
        DirectArray g = DirectArray.of(gradient);
        long n = predictions.length();
        double scale = 2.0 / n;
        double[] sumSquares = RowBlocks.sum(n, 1, 1, (first, count, scratch, partial) -> {
            if (p.isFloat() && t.isFloat() && g.isFloat()) { // as torch: d and 2d / N in float; the sum in double
                float[] d = scratch.floats(0, count);
                float[] target = scratch.floats(1, count);
                p.readFloats(first, d, count);
                t.readFloats(first, target, count);
                float floatScale = (float) scale;
                double s0 = 0;
                double s1 = 0;
                int i = 0;
                for (; i < count; i++) {
                    d[i] -= target[i];
                }
                for (i = 0; i + 1 < count; i += 2) { // two chains: a sum through partial[0] waited on each addition
                    s0 += (double) d[i] * d[i];
                    s1 += (double) d[i + 1] * d[i + 1];
                }
                for (; i < count; i++) {
                    s0 += (double) d[i] * d[i];
                }
                partial[0] += s0 + s1;
                for (i = 0; i < count; i++) {
                    d[i] *= floatScale;
                }
                g.writeFloats(first, d, count);
                return;
            }
            double[] d = scratch.get(0, count);
            double[] target = scratch.get(1, count);
            p.read(first, d, count);
            t.read(first, target, count);
            for (int i = 0; i < count; i++) {
                d[i] -= target[i];
                partial[0] += d[i] * d[i];
                d[i] *= scale;
            }
            g.write(first, d, count);
        });
        return new ValueAndGradient(Loss.inStorage(sumSquares[0] / n, predictions.dataType()), gradient);
    }

    /** Each row's mean of (prediction - target)^2: equal-width rows, so their mean is the loss. */
    @Override
    public double[] exampleValues(INDArray predictions, INDArray targets) {
        requireSameShape(predictions, targets);
        int rows = (int) predictions.rows();
        int columns = (int) predictions.columns();
        DirectArray p = DirectArray.of(DirectArray.dense(predictions));
        DirectArray t = DirectArray.of(DirectArray.dense(targets));
        double[] out = new double[rows];
        RowBlocks.forEach(rows, columns, (first, count, scratch, partial) -> {
            double[] d = scratch.get(0, columns);
            double[] target = scratch.get(1, columns);
            for (int r = first; r < first + count; r++) {
                p.read(r * columns, d, columns);
                t.read(r * columns, target, columns);
                double sum = 0;
                for (int j = 0; j < columns; j++) {
                    sum += (d[j] - target[j]) * (d[j] - target[j]);
                }
                out[r] = sum / columns;
            }
        });
        return out;
    }

    private static void requireSameShape(INDArray predictions, INDArray targets) {
        if (!java.util.Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException("predictions " + java.util.Arrays.toString(predictions.shape())
                    + " and targets " + java.util.Arrays.toString(targets.shape()) + " differ in shape");
        }
    }
}
