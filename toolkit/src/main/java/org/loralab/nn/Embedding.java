package org.loralab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A lookup table of rows, as torch.nn.Embedding: index i maps to row i of a (count, features) weight. */
public final class Embedding {
    private final Parameter weight; // (count, features)
    private boolean trainable = true;
    private int[] indices;          // cached by forward

    /** Wraps {@code weight} (not copied). */
    public Embedding(INDArray weight) {
        this.weight = new Parameter("weight", weight);
    }

    public Parameter weight() {
        return weight;
    }

    public int count() {
        return (int) weight.value().rows();
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    public List<Parameter> trainableParameters() {
        return trainable ? List.of(weight) : List.of();
    }

    /** The rows at {@code indices}, a new (indices.length, features) array. */
    public INDArray forward(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= count()) {
                throw new IllegalArgumentException("index " + i + " is outside the table of " + count() + " rows");
            }
        }
        this.indices = indices;
        return Nd4j.pullRows(weight.value(), 1, indices);
    }

    /** Writes the weight's gradient from dL/dy of the last forward (rows of repeated indices add up). */
    public void backward(INDArray gradOutput) {
        if (!trainable) {
            return;
        }
        // dW = onehot(indices)^T dy: one product instead of a scatter-add row by row
        double[] oneHot = new double[indices.length * count()];
        for (int row = 0; row < indices.length; row++) {
            oneHot[row * count() + indices[row]] = 1;
        }
        INDArray selection = Nd4j.create(oneHot, new long[] {indices.length, count()}, 'c').castTo(gradOutput.dataType());
        Nd4j.gemm(selection, gradOutput, weight.grad(), true, false, 1.0, 0.0);
    }

    public Embedding copy() {
        Embedding copy = new Embedding(weight.value().dup());
        copy.trainable = trainable;
        return copy;
    }
}
