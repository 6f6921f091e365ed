package org.loralab.subspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loralab.linalg.DirectArray;
import org.loralab.nn.LinearLayer;
import org.loralab.nn.Model;
import org.loralab.nn.ModelConfig;
import org.loralab.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model fine-tuned in a random subspace (Li et al. 2018, "Measuring the intrinsic dimension of objective
 * landscapes"): the weights and biases of the target modules are theta = theta_0 + P theta_d, and only theta_d (d
 * numbers, starting at 0) is trained. With SAID (Aghajanyan et al. 2020) each target tensor t gets a trainable scale,
 * theta_t = theta_0,t + lambda_t (P theta_d)_t, lambda starting at 1; the scales count among the d free parameters.
 * Forward writes theta into the wrapped model's tensors when theta_d has changed; backward turns the wrapped model's
 * gradients into dL/dtheta_d = P^T dL/dtheta (and dL/dlambda_t = dL/dtheta_t . (P theta_d)_t).
 */
public final class SubspaceModel implements Model {
    private final Model inner;
    private final Projection projection;
    private final List<Parameter> targets;
    private final int[] offsets;      // where each target starts in theta (D numbers)
    private final double[] theta0;
    private final Parameter coordinates; // theta_d, shape [1, d'] with d' = d minus the SAID scales
    private final Parameter scales;      // lambda, shape [1, targets], or null
    private final double[] projected;    // P theta_d at the last write
    private final double[] written;      // theta_d (and lambda) at the last write; NaN before the first
    private final Settings settings;
    private final List<String> targetModules;

    /**
     * How to build the subspace.
     *
     * @param dimension d, the free parameters (with SAID: the scales included)
     * @param projection {@code auto}, {@code dense} or {@code fastfood}
     * @param said whether each target tensor gets a trainable scale (SAID)
     * @param seed the projection's seed
     */
    public record Settings(int dimension, ProjectionKind projection, boolean said, long seed) {
    }

    private SubspaceModel(Model inner, List<String> targetModules, Settings settings) {
        this.inner = inner;
        this.settings = settings;
        this.targetModules = List.copyOf(targetModules);
        inner.setBaseTrainable(false);
        for (String name : targetModules) {
            inner.module(name).base().setTrainable(true);
        }
        targets = List.copyOf(inner.trainableParameters());
        offsets = new int[targets.size() + 1];
        for (int t = 0; t < targets.size(); t++) {
            offsets[t + 1] = Math.addExact(offsets[t], Math.toIntExact(targets.get(t).size()));
        }
        int free = settings.dimension() - (settings.said() ? targets.size() : 0);
        if (free < 1) {
            throw new IllegalArgumentException("a subspace of dimension " + settings.dimension() + " leaves no coordinates"
                    + (settings.said() ? " beside SAID's " + targets.size() + " scales" : ""));
        }
        projection = settings.projection().create(free, offsets[targets.size()], settings.seed());
        theta0 = new double[offsets[targets.size()]];
        for (int t = 0; t < targets.size(); t++) {
            double[] values = new double[offsets[t + 1] - offsets[t]];
            DirectArray.of(targets.get(t).value()).read(0, values, values.length);
            System.arraycopy(values, 0, theta0, offsets[t], values.length);
        }
        var dtype = targets.get(0).value().dataType();
        coordinates = new Parameter("subspace.theta_d", Nd4j.zeros(dtype, 1, free));
        scales = settings.said() ? new Parameter("subspace.scales", Nd4j.ones(dtype, 1, targets.size())) : null;
        projected = new double[theta0.length];
        written = new double[free + (scales == null ? 0 : targets.size())];
        java.util.Arrays.fill(written, Double.NaN);
    }

    /**
     * Wraps {@code model} (changed in place: its target modules' tensors are rewritten from theta_d) so that only a
     * d-dimensional subspace of the weights and biases of {@code targetModules} trains.
     */
    public static SubspaceModel of(Model model, List<String> targetModules, Settings settings) {
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("a subspace needs at least one target module");
        }
        return new SubspaceModel(model, targetModules, settings);
    }

    /** D, the weights and biases the subspace moves. */
    public long reachedParameters() {
        return theta0.length;
    }

    /** The projection P. */
    public Projection projection() {
        return projection;
    }

    private double[] part(double[] all, int t) {
        return java.util.Arrays.copyOfRange(all, offsets[t], offsets[t + 1]);
    }

    /** Writes theta_0 + P theta_d (scaled per tensor with SAID) into the wrapped model, when theta_d has changed. */
    private void write() {
        double[] now = current();
        if (java.util.Arrays.equals(now, written)) {
            return;
        }
        int free = projection.dimension();
        projection.apply(now, projected);
        for (int t = 0; t < targets.size(); t++) {
            double lambda = scales == null ? 1 : now[free + t];
            int n = offsets[t + 1] - offsets[t];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = theta0[offsets[t] + i] + lambda * projected[offsets[t] + i];
            }
            DirectArray.of(targets.get(t).value()).write(0, values, n);
        }
        System.arraycopy(now, 0, written, 0, now.length);
    }

    private double[] current() {
        int free = projection.dimension();
        double[] now = new double[written.length];
        DirectArray.of(coordinates.value()).read(0, now, free);
        if (scales != null) {
            double[] s = new double[targets.size()];
            DirectArray.of(scales.value()).read(0, s, s.length);
            System.arraycopy(s, 0, now, free, s.length);
        }
        return now;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        write();
        return inner.forward(x, training);
    }

    @Override
    public void backward(INDArray gradOutput) {
        inner.backward(gradOutput);
        int free = projection.dimension();
        double[] now = current();
        double[] g = new double[theta0.length];
        double[] scaleGrads = new double[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            int n = offsets[t + 1] - offsets[t];
            double[] gt = new double[n];
            DirectArray.of(targets.get(t).grad()).read(0, gt, n);
            double lambda = scales == null ? 1 : now[free + t];
            double dot = 0;
            for (int i = 0; i < n; i++) {
                g[offsets[t] + i] = lambda * gt[i];
                dot += gt[i] * projected[offsets[t] + i];
            }
            scaleGrads[t] = dot;
        }
        double[] gd = new double[free];
        projection.applyTransposed(g, gd);
        DirectArray.of(coordinates.grad()).write(0, gd, free);
        if (scales != null) {
            DirectArray.of(scales.grad()).write(0, scaleGrads, scaleGrads.length);
        }
    }

    @Override
    public List<Parameter> trainableParameters() {
        List<Parameter> p = new ArrayList<>(List.of(coordinates));
        if (scales != null) {
            p.add(scales);
        }
        return p;
    }

    @Override
    public ModelConfig config() {
        return inner.config();
    }

    @Override
    public Map<String, LinearLayer> modules() {
        write();
        return inner.modules();
    }

    @Override
    public void replace(String name, LinearLayer layer) {
        throw new UnsupportedOperationException("a subspace model's modules are fixed");
    }

    @Override
    public Map<String, INDArray> state() {
        write();
        return inner.state();
    }

    @Override
    public void setBaseTrainable(boolean trainable) {
        throw new UnsupportedOperationException("a subspace model trains theta_d only");
    }

    /** A copy with the same theta_0, projection and theta_d, sharing no arrays. */
    @Override
    public SubspaceModel copy() {
        Model base = inner.copy();
        List<Parameter> baseTargets = base.trainableParameters(); // the same tensors, in the same order
        for (int t = 0; t < baseTargets.size(); t++) {
            DirectArray.of(baseTargets.get(t).value()).write(0, part(theta0, t), offsets[t + 1] - offsets[t]);
        }
        SubspaceModel copy = new SubspaceModel(base, targetModules, settings);
        copy.coordinates.value().assign(coordinates.value());
        if (scales != null) {
            copy.scales.value().assign(scales.value());
        }
        return copy;
    }
}
