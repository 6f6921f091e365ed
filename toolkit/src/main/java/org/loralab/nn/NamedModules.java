package org.loralab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The named linear modules of a model, in forward order; what {@link Model}s share about them. */
final class NamedModules {
    private final Map<String, LinearLayer> modules = new LinkedHashMap<>();

    void add(String name, LinearLayer layer) {
        if (modules.putIfAbsent(name, layer) != null) {
            throw new IllegalArgumentException("two modules named '" + name + "'");
        }
    }

    LinearLayer get(String name) {
        LinearLayer m = modules.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no module named '" + name + "'; modules are " + modules.keySet());
        }
        return m;
    }

    Map<String, LinearLayer> view() {
        return Collections.unmodifiableMap(modules);
    }

    /** Swaps in a layer of the same shape. */
    void replace(String name, LinearLayer layer) {
        LinearLayer old = get(name);
        if (old.inFeatures() != layer.inFeatures() || old.outFeatures() != layer.outFeatures()) {
            throw new IllegalArgumentException("module '" + name + "' is " + old.outFeatures() + "x" + old.inFeatures()
                    + ", replacement is " + layer.outFeatures() + "x" + layer.inFeatures());
        }
        modules.put(name, layer);
    }

    List<Parameter> trainableParameters() {
        List<Parameter> all = new ArrayList<>();
        modules.values().forEach(layer -> all.addAll(layer.trainableParameters()));
        return all;
    }

    /** Adds {@code <module>.weight} and {@code <module>.bias} of every base layer to {@code state}. */
    void addState(Map<String, INDArray> state) {
        modules.forEach((name, layer) -> {
            state.put(name + ".weight", layer.base().weight().value());
            state.put(name + ".bias", layer.base().bias().value());
        });
    }

    void setBaseTrainable(boolean trainable) {
        modules.values().forEach(m -> m.base().setTrainable(trainable));
    }

    NamedModules copy() {
        NamedModules copy = new NamedModules();
        modules.forEach((name, layer) -> copy.add(name, layer.copy()));
        return copy;
    }
}
