package org.loralab.gpu.nn;

import java.util.ArrayList;
import java.util.List;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;

/**
 * Adam over a fixed list of parameters, exactly torch.optim.Adam's update
 * w -= lr / (1 - b1^t) m / (sqrt(v / (1 - b2^t)) + eps), written as the kernel's
 * w -= stepSize m / (sqrt(v) + eps') with stepSize = lr sqrt(1 - b2^t) / (1 - b1^t) and eps' = eps sqrt(1 - b2^t)
 * (multiply numerator and denominator by sqrt(1 - b2^t)). Moments live on the device.
 */
public final class Adam implements AutoCloseable {
    private final Backend backend;
    private final List<Parameter> parameters;
    private final List<Matrix[]> moments = new ArrayList<>();
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private long step;

    public Adam(Backend backend, List<Parameter> parameters, float learningRate) {
        this(backend, parameters, learningRate, 0.9f, 0.999f, 1e-8f);
    }

    public Adam(Backend backend, List<Parameter> parameters, float learningRate, float beta1, float beta2, float epsilon) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs learning rate > 0, betas in [0, 1) and epsilon > 0");
        }
        this.backend = backend;
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Parameter p : parameters) {
            moments.add(new Matrix[] {
                backend.zeros(p.value().rows(), p.value().cols()), backend.zeros(p.value().rows(), p.value().cols())});
        }
    }

    /** One update of every parameter from its current gradient. */
    public void step() {
        step++;
        double root = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (learningRate * root / (1 - Math.pow(beta1, step)));
        float correctedEpsilon = (float) (epsilon * root);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            Matrix[] mv = moments.get(i);
            backend.adam(p.value(), p.grad(), mv[0], mv[1], stepSize, beta1, beta2, correctedEpsilon);
        }
    }

    public long steps() {
        return step;
    }

    @Override
    public void close() {
        moments.forEach(mv -> {
            mv[0].close();
            mv[1].close();
        });
    }
}
