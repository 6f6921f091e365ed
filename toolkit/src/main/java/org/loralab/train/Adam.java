package org.loralab.train;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.linalg.DirectArray;
import org.loralab.linalg.RowBlocks;
import org.loralab.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam / AdamW over a fixed list of parameters; updates them in place from their gradients.
 * torch.optim.Adam's update, w -= lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps), in one pass over the
 * weights, gradient and moments of each parameter (in the storage's precision, as torch), where ND4J's fused
 * {@code adam_updater} op and a subtraction took a fifth of an MLP's training step (measured).
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
     * value for this step); the gradients are left as they are.
     */
    public void step(double learningRate) {
        step++;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double eps = config.epsilon();
        double stepSize = learningRate / (1 - Math.pow(b1, step));
        double correction2 = Math.sqrt(1 - Math.pow(b2, step));
        double l2 = config.decoupled() ? 0 : config.weightDecay();
        double shrink = config.decoupled() ? 1 - learningRate * config.weightDecay() : 1;
        for (Parameter p : parameters) {
            DirectArray w = DirectArray.of(p.value());
            DirectArray g = DirectArray.of(p.grad());
            INDArray[] mv = moments.get(p);
            DirectArray m = DirectArray.of(mv[0]);
            DirectArray v = DirectArray.of(mv[1]);
            if (w.isFloat()) {
                updateFloat(w, g, m, v, (float) l2, (float) shrink, (float) stepSize, (float) correction2);
                continue;
            }
            RowBlocks.forEach(w.length(), 1, (first, count, scratch, partial) -> {
                double[] wb = scratch.get(0, count);
                double[] gb = scratch.get(1, count);
                double[] mb = scratch.get(2, count);
                double[] vb = scratch.get(3, count);
                w.read(first, wb, count);
                g.read(first, gb, count);
                m.read(first, mb, count);
                v.read(first, vb, count);
                for (int i = 0; i < count; i++) {
                    double grad = gb[i] + l2 * wb[i];
                    mb[i] = b1 * mb[i] + (1 - b1) * grad;
                    vb[i] = b2 * vb[i] + (1 - b2) * grad * grad;
                    wb[i] = shrink * wb[i] - stepSize * mb[i] / (Math.sqrt(vb[i]) / correction2 + eps);
                }
                w.write(first, wb, count);
                m.write(first, mb, count);
                v.write(first, vb, count);
            });
        }
    }

    /** The same update in float arithmetic for float parameters, as torch.optim.Adam computes it (the JIT vectorizes it). */
    private void updateFloat(DirectArray w, DirectArray g, DirectArray m, DirectArray v, float l2, float shrink,
                             float stepSize, float correction2) {
        // scalars rounded to float from double, and the operations in torch's order, so that both round alike
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        float oneMinusB1 = (float) (1 - config.beta1());
        float oneMinusB2 = (float) (1 - config.beta2());
        float eps = (float) config.epsilon();
        RowBlocks.forEach(w.length(), 1, (first, count, scratch, partial) -> {
            float[] wb = scratch.floats(0, count);
            float[] gb = scratch.floats(1, count);
            float[] mb = scratch.floats(2, count);
            float[] vb = scratch.floats(3, count);
            w.readFloats(first, wb, count);
            g.readFloats(first, gb, count);
            m.readFloats(first, mb, count);
            v.readFloats(first, vb, count);
            for (int i = 0; i < count; i++) {
                float grad = gb[i] + l2 * wb[i];
                mb[i] = mb[i] * b1 + grad * oneMinusB1;
                vb[i] = vb[i] * b2 + oneMinusB2 * grad * grad;
                wb[i] = shrink * wb[i] - stepSize * (mb[i] / ((float) Math.sqrt(vb[i]) / correction2 + eps));
            }
            w.writeFloats(first, wb, count);
            m.writeFloats(first, mb, count);
            v.writeFloats(first, vb, count);
        });
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
