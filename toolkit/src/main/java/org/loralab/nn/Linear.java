package org.loralab.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.loralab.linalg.Gemm;
import org.loralab.linalg.RowBlocks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A dense layer y = x W^T + b with W: (out, in) and b: (out), as torch.nn.Linear. */
public final class Linear implements LinearLayer, Trainable {
    private final Parameter weight; // (out, in)
    private final Parameter bias;   // (out)
    private boolean trainable = true;
    private INDArray input;         // (n, in), cached by forward

    /** Wraps the given arrays (not copied). */
    public Linear(INDArray weight, INDArray bias) {
        if (weight.rank() != 2 || bias.rank() != 1 || bias.length() != weight.rows()) {
            throw new IllegalArgumentException("weight must be (out, in) and bias (out), got "
                    + java.util.Arrays.toString(weight.shape()) + " and " + java.util.Arrays.toString(bias.shape()));
        }
        this.weight = new Parameter("weight", weight);
        this.bias = new Parameter("bias", bias);
    }

    /**
     * torch.nn.Linear's default initialisation: W and b uniform in +-1/sqrt(in)
     * (Kaiming-uniform with a = sqrt(5)), drawn from {@code rng}.
     */
    public static Linear initialize(int in, int out, DataType dtype, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(in);
        INDArray w = RandomArrays.uniform(rng, -bound, bound, dtype, out, in);
        INDArray b = RandomArrays.uniform(rng, -bound, bound, dtype, out);
        return new Linear(w, b);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public boolean isTrainable() {
        return trainable;
    }

    /** Freezes (false) or unfreezes (true) W and b. */
    @Override
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    @Override
    public int inFeatures() {
        return (int) weight.value().columns();
    }

    @Override
    public int outFeatures() {
        return (int) weight.value().rows();
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        input = x;
        return Gemm.affine(x, weight.value(), bias.value()); // (n, out)
    }

    @Override
    public INDArray backward(INDArray gradOutput, boolean needInputGrad) {
        if (input == null) {
            throw new IllegalStateException("backward called before forward");
        }
        if (trainable) {
            Gemm.into(gradOutput, true, input, false, 1.0, 0.0, weight.grad()); // dW = dy^T x
            bias.grad().assign(Nd4j.createFromArray(RowBlocks.columnSums(gradOutput))); // db = column sums of dy
        }
        return needInputGrad ? Gemm.product(gradOutput, false, weight.value(), false) : null; // dx = dy W
    }

    @Override
    public List<Parameter> trainableParameters() {
        return trainable ? List.of(weight, bias) : List.of();
    }

    @Override
    public Linear base() {
        return this;
    }

    @Override
    public INDArray effectiveWeight() {
        return weight.value().dup();
    }

    @Override
    public Linear copy() {
        Linear copy = new Linear(weight.value().dup(), bias.value().dup());
        copy.trainable = trainable;
        return copy;
    }
}
