package org.loralab.gpu.nn;

import java.util.ArrayList;
import java.util.List;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;

/**
 * A ReLU multi-layer perceptron of {@link Layer}s (plain or LoRA), trained with softmax cross-entropy; as the
 * toolkit's {@code Mlp}, the ReLU follows every layer but the last.
 */
public final class Mlp implements AutoCloseable {
    private final Backend backend;
    private final List<Layer> layers;
    private final List<Matrix> activations = new ArrayList<>();
    private Matrix logitGrad;

    public Mlp(Backend backend, List<? extends Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inFeatures() != layers.get(i - 1).outFeatures()) {
                throw new IllegalArgumentException("layer " + i + " takes " + layers.get(i).inFeatures()
                        + " features but layer " + (i - 1) + " gives " + layers.get(i - 1).outFeatures());
            }
        }
        this.backend = backend;
        this.layers = List.copyOf(layers);
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Logits (n, classes) of {@code x} (n, in). */
    public Matrix forward(Matrix x) {
        activations.clear();
        Matrix h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (i < layers.size() - 1) {
                backend.relu(h);
                activations.add(h);
            }
        }
        return h;
    }

    /**
     * Forward, loss and backward for one batch: every trainable parameter's gradient is written.
     *
     * @param targets (n, classes) class probabilities (one-hot for labels)
     * @return the mean softmax cross-entropy before the update
     */
    public double lossAndGradients(Matrix x, Matrix targets) {
        Matrix logits = forward(x);
        if (logitGrad == null || logitGrad.rows() != logits.rows() || logitGrad.cols() != logits.cols()) {
            if (logitGrad != null) {
                logitGrad.close();
            }
            logitGrad = backend.zeros(logits.rows(), logits.cols());
        }
        double loss = backend.softmaxCrossEntropy(logits, targets, logitGrad);
        Matrix g = logitGrad;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (i < layers.size() - 1) {
                backend.reluBackward(activations.get(i), g);
            }
            g = layers.get(i).backward(g, i > 0);
        }
        return loss;
    }

    public List<Parameter> trainableParameters() {
        List<Parameter> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.trainableParameters()));
        return all;
    }

    @Override
    public void close() {
        layers.forEach(Layer::close);
        if (logitGrad != null) {
            logitGrad.close();
        }
    }
}
