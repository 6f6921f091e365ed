package org.loralab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Layer normalisation over the features of each row, y = (x - mean) / sqrt(var + eps) * weight + bias, as torch. */
public final class LayerNorm {
    private static final double EPS = 1e-5;
    private final Parameter weight; // (features)
    private final Parameter bias;   // (features)
    private boolean trainable = true;
    private INDArray normalized;    // x-hat (n, features), cached by forward
    private INDArray inverseStd;    // 1 / sqrt(var + eps) (n, 1), cached by forward

    /** Wraps the given arrays (not copied). */
    public LayerNorm(INDArray weight, INDArray bias) {
        this.weight = new Parameter("weight", weight);
        this.bias = new Parameter("bias", bias);
    }

    /** Weight 1 and bias 0, as torch initialises it. */
    public static LayerNorm identity(int features, org.nd4j.linalg.api.buffer.DataType dtype) {
        return new LayerNorm(Nd4j.ones(dtype, features), Nd4j.zeros(dtype, features));
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    public List<Parameter> trainableParameters() {
        return trainable ? List.of(weight, bias) : List.of();
    }

    /** @param x (n, features), not modified */
    public INDArray forward(INDArray x) {
        INDArray centered = x.subColumnVector(x.mean(true, 1));
        INDArray variance = centered.mul(centered).mean(true, 1);
        inverseStd = Transforms.pow(variance.addi(EPS), -0.5, false);
        normalized = centered.muliColumnVector(inverseStd);
        return normalized.mulRowVector(weight.value()).addiRowVector(bias.value());
    }

    /** dL/dx from dL/dy of the last forward; writes the gradients of weight and bias when trainable. */
    public INDArray backward(INDArray gradOutput) {
        if (trainable) {
            weight.grad().assign(gradOutput.mul(normalized).sum(0));
            bias.grad().assign(gradOutput.sum(0));
        }
        INDArray gradNormalized = gradOutput.mulRowVector(weight.value());
        // dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / std, means over the features of each row
        INDArray projection = gradNormalized.mul(normalized).mean(true, 1);
        return gradNormalized.subColumnVector(gradNormalized.mean(true, 1))
                .subi(normalized.mulColumnVector(projection))
                .muliColumnVector(inverseStd);
    }

    public LayerNorm copy() {
        LayerNorm copy = new LayerNorm(weight.value().dup(), bias.value().dup());
        copy.trainable = trainable;
        return copy;
    }
}
