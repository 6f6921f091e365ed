package org.loralab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A multi-layer perceptron whose linear modules have stable names ({@code layers.0}, ...,
 * {@code head}) so that adapters can target them, as PEFT targets modules of a torch model.
 * Backward is written by hand: about twice as fast as SameDiff for these layers.
 */
public final class Mlp {
    private final MlpConfig config;
    private final Map<String, LinearLayer> modules; // forward order
    private final List<INDArray> hiddenOutputs = new ArrayList<>(); // activations, cached by forward

    private Mlp(MlpConfig config, Map<String, LinearLayer> modules) {
        this.config = config;
        this.modules = modules;
    }

    /** A freshly initialised model (torch.nn.Linear's default init), drawn from {@code seed}. */
    public static Mlp initialize(MlpConfig config, DataType dtype, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, LinearLayer> modules = new LinkedHashMap<>();
        config.moduleShapes().forEach((name, shape) ->
                modules.put(name, Linear.initialize(shape[1], shape[0], dtype, rng)));
        return new Mlp(config, modules);
    }

    public MlpConfig config() {
        return config;
    }

    /** The modules by name, in forward order (read-only view). */
    public Map<String, LinearLayer> modules() {
        return Collections.unmodifiableMap(modules);
    }

    public LinearLayer module(String name) {
        LinearLayer m = modules.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no module named '" + name + "'; modules are " + modules.keySet());
        }
        return m;
    }

    /** Swaps in a layer of the same shape, for example a LoRA wrapper of the current one. */
    public void replace(String name, LinearLayer layer) {
        LinearLayer old = module(name);
        if (old.inFeatures() != layer.inFeatures() || old.outFeatures() != layer.outFeatures()) {
            throw new IllegalArgumentException("module '" + name + "' is " + old.outFeatures() + "x" + old.inFeatures()
                    + ", replacement is " + layer.outFeatures() + "x" + layer.inFeatures());
        }
        modules.put(name, layer);
    }

    /** @param x (n, input_size), not modified; returns (n, output_size). */
    public INDArray forward(INDArray x, boolean training) {
        hiddenOutputs.clear();
        INDArray h = x;
        for (Map.Entry<String, LinearLayer> e : modules.entrySet()) {
            h = e.getValue().forward(h, training);
            if (!e.getKey().equals(MlpConfig.HEAD)) {
                h = config.activation().apply(h);
                hiddenOutputs.add(h);
            }
        }
        return h;
    }

    /** Back-propagates dL/dy (n, output_size) from the last forward, writing every trainable gradient. */
    public void backward(INDArray gradOutput) {
        List<LinearLayer> layers = new ArrayList<>(modules.values());
        INDArray g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (i < layers.size() - 1) {
                g = config.activation().backward(hiddenOutputs.get(i), g);
            }
            g = layers.get(i).backward(g, i > 0);
        }
    }

    /** Every parameter an optimizer may update, module by module, named {@code module.param}. */
    public List<Parameter> trainableParameters() {
        List<Parameter> all = new ArrayList<>();
        for (LinearLayer layer : modules.values()) {
            all.addAll(layer.trainableParameters());
        }
        return all;
    }

    /** Number of trainable scalars. */
    public long trainableParameterCount() {
        return trainableParameters().stream().mapToLong(Parameter::size).sum();
    }

    /** The effective (out, in) weight of every module, adapters included; new arrays. */
    public Map<String, INDArray> weights() {
        Map<String, INDArray> w = new LinkedHashMap<>();
        modules.forEach((name, layer) -> w.put(name, layer.effectiveWeight()));
        return w;
    }

    /** A deep copy: same weights, adapters and trainable flags, no shared arrays. */
    public Mlp copy() {
        Map<String, LinearLayer> copies = new LinkedHashMap<>();
        modules.forEach((name, layer) -> copies.put(name, layer.copy()));
        return new Mlp(config, copies);
    }

    /** Freezes or unfreezes the base weights and biases of every module. */
    public void setBaseTrainable(boolean trainable) {
        modules.values().forEach(m -> m.base().setTrainable(trainable));
    }
}
