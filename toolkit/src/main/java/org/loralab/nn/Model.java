package org.loralab.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network whose linear modules have stable names that adapters can target, as PEFT targets the modules of a
 * torch model. Forward caches what backward needs, so calls alternate: forward, then backward.
 */
public interface Model {

    /** The shape of the network. */
    ModelConfig config();

    /** The linear modules by name, in forward order (read-only view). */
    Map<String, LinearLayer> modules();

    /** Swaps in a layer of the same shape, for example a LoRA wrapper of the current one. */
    void replace(String name, LinearLayer layer);

    /** Maps a batch of inputs to outputs, caching what {@link #backward} needs; {@code x} is not modified. */
    INDArray forward(INDArray x, boolean training);

    /** Back-propagates dL/doutputs of the last forward, writing every trainable gradient. */
    void backward(INDArray gradOutput);

    /** Every parameter an optimizer may update now. */
    List<Parameter> trainableParameters();

    /**
     * The base tensors by name (linear weights and biases, and any others such as embeddings), without adapters;
     * the arrays themselves, so that a loader can assign them.
     */
    Map<String, INDArray> state();

    /**
     * The modules {@code modules_to_save} may name, by name: by default the linear modules (their base layers); models
     * with other parameters (embeddings, LayerNorms) list those too, as {@link ModelConfig#savableModuleNames()} does.
     */
    default Map<String, Trainable> savableModules() {
        Map<String, Trainable> out = new LinkedHashMap<>();
        modules().forEach((name, layer) -> out.put(name, layer.base()));
        return out;
    }

    /** Freezes or unfreezes every base parameter (adapters are not affected). */
    void setBaseTrainable(boolean trainable);

    /** A deep copy: same weights, adapters and trainable flags, no shared arrays. */
    Model copy();

    /** The module named {@code name}. */
    default LinearLayer module(String name) {
        LinearLayer m = modules().get(name);
        if (m == null) {
            throw new IllegalArgumentException("no module named '" + name + "'; modules are " + modules().keySet());
        }
        return m;
    }

    /** Number of trainable scalars. */
    default long trainableParameterCount() {
        return trainableParameters().stream().mapToLong(Parameter::size).sum();
    }

    /** The effective (out, in) weight of every linear module, adapters included; new arrays. */
    default Map<String, INDArray> weights() {
        Map<String, INDArray> w = new LinkedHashMap<>();
        modules().forEach((name, layer) -> w.put(name, layer.effectiveWeight()));
        return w;
    }
}
