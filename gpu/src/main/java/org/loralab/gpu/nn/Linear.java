package org.loralab.gpu.nn;

import java.util.List;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;

/** A dense layer y = x W^T + b with W (out, in) and b (1, out); trainable unless frozen. */
public final class Linear implements Layer {
    private final Backend backend;
    private final String name;
    private final Matrix weight;
    private final Matrix bias;
    private final Buffers buffers;
    private Matrix weightGrad;
    private Matrix biasGrad;
    private boolean trainable = true;
    private Matrix input;

    /** Uploads {@code weight} (out x in, row-major) and {@code bias} (out) to {@code backend}. */
    public Linear(Backend backend, String name, float[] weight, float[] bias, int out, int in) {
        if (bias.length != out) {
            throw new IllegalArgumentException(name + ": bias has " + bias.length + " values, expected " + out);
        }
        this.backend = backend;
        this.name = name;
        this.weight = backend.upload(weight, out, in);
        this.bias = backend.upload(bias, 1, out);
        this.buffers = new Buffers(backend);
    }

    public String name() {
        return name;
    }

    Backend backendOf() {
        return backend;
    }

    /** The device matrix W (out, in); LoRA merges into it. */
    Matrix weight() {
        return weight;
    }

    public boolean isTrainable() {
        return trainable;
    }

    /** Frozen layers keep no gradient buffers and skip dW and db in backward. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    @Override
    public int inFeatures() {
        return weight.cols();
    }

    @Override
    public int outFeatures() {
        return weight.rows();
    }

    @Override
    public Matrix forward(Matrix x) {
        if (x.cols() != inFeatures()) {
            throw new IllegalArgumentException(name + ": input has " + x.cols() + " features, expected " + inFeatures());
        }
        input = x;
        Matrix y = buffers.get("y", x.rows(), outFeatures());
        backend.gemm(1f, x, false, weight, true, 0f, y);  // y = x W^T
        backend.addRowVector(y, bias);
        return y;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGrad) {
        if (input == null) {
            throw new IllegalStateException(name + ": backward before forward");
        }
        if (trainable) {
            if (weightGrad == null) {
                weightGrad = backend.zeros(outFeatures(), inFeatures());
                biasGrad = backend.zeros(1, outFeatures());
            }
            backend.gemm(1f, gradOutput, true, input, false, 0f, weightGrad); // dW = dy^T x
            backend.sumRows(gradOutput, biasGrad);                          // db = sum of dy's rows
        }
        if (!needInputGrad) {
            return null;
        }
        Matrix dx = buffers.get("dx", gradOutput.rows(), inFeatures());
        backend.gemm(1f, gradOutput, false, weight, false, 0f, dx);        // dx = dy W
        return dx;
    }

    @Override
    public List<Parameter> trainableParameters() {
        if (!trainable) {
            return List.of();
        }
        if (weightGrad == null) {
            weightGrad = backend.zeros(outFeatures(), inFeatures());
            biasGrad = backend.zeros(1, outFeatures());
        }
        return List.of(new Parameter(name + ".weight", weight, weightGrad), new Parameter(name + ".bias", bias, biasGrad));
    }

    @Override
    public float[] effectiveWeight() {
        return backend.download(weight);
    }

    @Override
    public void close() {
        weight.close();
        bias.close();
        if (weightGrad != null) {
            weightGrad.close();
            biasGrad.close();
        }
        buffers.close();
    }
}
