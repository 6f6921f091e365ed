package org.loralab.train;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam / AdamW over a fixed list of parameters; updates them in place from their gradients.
 * The moment updates run as ND4J's fused {@code adam_updater} op: one native call per parameter
 * instead of about ten elementwise ops, which made this optimizer the slowest part of a step.
 * The op uses the form of Kingma and Ba's Section 2, w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps'),
 * where eps acts as eps' / sqrt(1 - b2^t); passing eps' = eps sqrt(1 - b2^t) makes it torch.optim.Adam's update
 * w -= lr / (1 - b1^t) m / (sqrt(v / (1 - b2^t)) + eps) exactly (the difference matters where |g| is near eps).
 * Weight decay as torch: L2 added to the gradient (Adam), or w *= 1 - lr wd before the update (AdamW).
 */
public final class Adam {
    private final AdamConfig config;
    private final List<Parameter> parameters;
    private final Map<Parameter, INDArray[]> moments = new IdentityHashMap<>(); // {m, v}
    private int step;

    public Adam(AdamConfig config, List<Parameter> parameters) {
        this.config = config;
        this.parameters = List.copyOf(parameters);
        for (Parameter p : this.parameters) {
            moments.put(p, new INDArray[] {Nd4j.zerosLike(p.value()), Nd4j.zerosLike(p.value())});
        }
    }

    /** One update at the configured learning rate. */
    public void step() {
        step(config.learningRate());
    }

    /**
     * One update of every parameter from its gradient at learning rate {@code learningRate} (a schedule's
     * value for this step); the gradients are overwritten (used as scratch).
     */
    public void step(double learningRate) {
        double correctedEpsilon = config.epsilon() * Math.sqrt(1 - Math.pow(config.beta2(), step + 1));
        for (Parameter p : parameters) {
            INDArray w = p.value();
            INDArray g = p.grad();
            if (config.weightDecay() > 0) {
                if (config.decoupled()) {
                    w.subi(w.mul(learningRate * config.weightDecay())); // AdamW: decay apart from the moments
                } else {
                    g.addi(w.mul(config.weightDecay()));                         // Adam: L2 term in the gradient
                }
            }
            INDArray[] mv = moments.get(p);
            // in place: g becomes lr * mhat / (sqrt(vhat) + eps); m and v move one step (iteration counts from 0)
            Nd4j.exec(new AdamUpdater(g, mv[1], mv[0], learningRate, config.beta1(), config.beta2(),
                    correctedEpsilon, step));
            w.subi(g);
        }
        step++;
    }

    /** Bytes of optimizer state (two moments per trainable scalar). */
    public long stateBytes() {
        return moments.values().stream()
                .mapToLong(mv -> mv[0].length() * mv[0].dataType().width() + mv[1].length() * mv[1].dataType().width())
                .sum();
    }

    public long steps() {
        return step;
    }
}
