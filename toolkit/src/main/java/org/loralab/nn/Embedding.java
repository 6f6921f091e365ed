package org.loralab.nn;

import java.util.List;
import org.loralab.linalg.DirectArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A lookup table of rows, as torch.nn.Embedding: index i maps to row i of a (count, features) weight. */
public final class Embedding implements Trainable {
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

    @Override
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    @Override
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
        // dW[indices[i]] += dy[i], row by row in order: a scatter-add, in place of a one-hot product
        int features = (int) weight.value().columns();
        DirectArray dy = DirectArray.of(gradOutput.ordering() == 'c' ? gradOutput : gradOutput.dup('c'));
        DirectArray grad = DirectArray.of(weight.grad().assign(0));
        if (dy.isFloat() && grad.isFloat()) {
            scatterAddFloats(dy, grad, features);
            return;
        }
        double[] row = new double[features];
        double[] sum = new double[features];
        for (int i = 0; i < indices.length; i++) {
            int at = indices[i] * features;
            dy.read(i * features, row, features);
            grad.read(at, sum, features);
            for (int j = 0; j < features; j++) {
                sum[j] += row[j];
            }
            grad.write(at, sum, features);
        }
    }

    /**
     * The float case of the scatter-add, on whole arrays read and written once (a read and a write per token and row
     * cost more than the additions): each sum still goes through double and is rounded to float after every token, so
     * the bits are those of the row-by-row loop.
     */
    private void scatterAddFloats(DirectArray dy, DirectArray grad, int features) {
        float[] d = new float[indices.length * features];
        float[] g = new float[Math.toIntExact(grad.length())];
        dy.readFloats(0, d, d.length);
        for (int i = 0; i < indices.length; i++) {
            int at = indices[i] * features;
            int from = i * features;
            for (int j = 0; j < features; j++) {
                g[at + j] = (float) ((double) g[at + j] + d[from + j]);
            }
        }
        grad.writeFloats(0, g, g.length);
    }

    public Embedding copy() {
        Embedding copy = new Embedding(weight.value().dup());
        copy.trainable = trainable;
        return copy;
    }
}
