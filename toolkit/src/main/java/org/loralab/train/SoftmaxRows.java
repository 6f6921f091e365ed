package org.loralab.train;

import org.loralab.linalg.DirectArray;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy over the rows of a logits matrix in one pass, in double whatever the storage: each row's
 * loss log sum_j exp(z_j) - sum_j t_j z_j (the row maximum subtracted first) and, when asked, the gradient
 * (softmax(z) - t) / n. Targets are probability rows or one class id per row. Sums go through {@link RowBlocks},
 * so the loss is the same bits on any number of threads, where ND4J's reductions split by thread.
 */
final class SoftmaxRows {
    private final INDArray logits;
    private final int rows;
    private final int classes;

    SoftmaxRows(INDArray logits) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("logits must be (rows, classes), got rank " + logits.rank());
        }
        this.logits = DirectArray.dense(logits);
        this.rows = (int) logits.rows();
        this.classes = (int) logits.columns();
    }

    /** The mean loss against probability rows {@code targets} (rows, classes), and its gradient. */
    Loss.ValueAndGradient meanAgainst(INDArray targets) {
        requireShape(targets);
        return mean(DirectArray.of(DirectArray.dense(targets)), null);
    }

    /** The mean loss against one class id per row, and its gradient. */
    Loss.ValueAndGradient meanAgainst(int[] ids) {
        return mean(null, requireIds(ids));
    }

    /** Each row's loss against probability rows. */
    double[] lossesAgainst(INDArray targets) {
        requireShape(targets);
        return losses(DirectArray.of(DirectArray.dense(targets)), null);
    }

    /** Each row's loss against one class id per row. */
    double[] lossesAgainst(int[] ids) {
        return losses(null, requireIds(ids));
    }

    private Loss.ValueAndGradient mean(DirectArray probabilities, int[] ids) {
        INDArray gradient = Nd4j.createUninitialized(logits.dataType(), rows, classes);
        DirectArray out = DirectArray.of(gradient);
        DirectArray in = DirectArray.of(logits);
        double scale = 1.0 / rows;
        double[] total = RowBlocks.sum(rows, classes, 1, (first, count, scratch, partial) -> {
            double[] z = scratch.get(0, classes);
            double[] t = scratch.get(1, classes);
            for (int r = first; r < first + count; r++) {
                partial[0] += row(in, probabilities, ids, r, z, t);
                for (int j = 0; j < classes; j++) {
                    z[j] = (z[j] - t[j]) * scale; // z holds softmax(z) after row()
                }
                out.write(r * classes, z, classes);
            }
        });
        return new Loss.ValueAndGradient(Loss.inStorage(total[0] / rows, logits.dataType()), gradient);
    }

    private double[] losses(DirectArray probabilities, int[] ids) {
        DirectArray in = DirectArray.of(logits);
        double[] losses = new double[rows];
        RowBlocks.forEach(rows, classes, (first, count, scratch, partial) -> {
            double[] z = scratch.get(0, classes);
            double[] t = scratch.get(1, classes);
            for (int r = first; r < first + count; r++) {
                losses[r] = row(in, probabilities, ids, r, z, t);
            }
        });
        return losses;
    }

    /** Row r's loss; leaves softmax of the row in {@code z} and its target distribution in {@code t}. */
    private double row(DirectArray in, DirectArray probabilities, int[] ids, int r, double[] z, double[] t) {
        in.read(r * classes, z, classes);
        if (ids != null) {
            java.util.Arrays.fill(t, 0, classes, 0.0);
            t[ids[r]] = 1;
        } else {
            probabilities.read(r * classes, t, classes);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, z[j]);
        }
        double sumExp = 0;
        double targetLogit = 0; // sum_j t_j (z_j - max)
        double targetMass = 0;  // sum_j t_j: 1 for a distribution
        for (int j = 0; j < classes; j++) {
            double shifted = z[j] - max;
            targetLogit += t[j] * shifted;
            targetMass += t[j];
            z[j] = Math.exp(shifted);
            sumExp += z[j];
        }
        for (int j = 0; j < classes; j++) {
            z[j] /= sumExp;
        }
        return targetMass * Math.log(sumExp) - targetLogit;
    }

    private void requireShape(INDArray targets) {
        if (targets.rows() != rows || targets.columns() != classes) {
            throw new IllegalArgumentException("targets must be (" + rows + ", " + classes + "), got "
                    + java.util.Arrays.toString(targets.shape()));
        }
    }

    private int[] requireIds(int[] ids) {
        if (ids.length != rows) {
            throw new IllegalArgumentException(ids.length + " target ids for " + rows + " rows of logits");
        }
        for (int id : ids) {
            if (id < 0 || id >= classes) {
                throw new IllegalArgumentException("target token " + id + " is outside the vocabulary of " + classes);
            }
        }
        return ids;
    }
}
