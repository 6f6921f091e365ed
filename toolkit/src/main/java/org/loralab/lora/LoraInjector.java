package org.loralab.lora;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loralab.nn.LinearLayer;
import org.loralab.nn.Model;
import org.loralab.nn.Trainable;

/**
 * Decides which modules of a model get adapters (the wiring; the maths is in {@link LoraLinear}),
 * as PEFT's {@code get_peft_model}: every base weight is frozen, each target module gets an adapter,
 * and {@code modules_to_save} stay trainable in full.
 */
public final class LoraInjector {
    private LoraInjector() {
    }

    /**
     * Adds adapter {@code adapterName} to every module {@code config} targets (modifies {@code model}).
     *
     * @return the names of the adapted modules, in forward order
     * @throws IllegalArgumentException when no module matches, a module to save does not exist, or the
     *                                  rank exceeds a target's min(out, in) (the message names the module)
     */
    public static List<String> inject(Model model, String adapterName, LoraConfig config, long seed) {
        Map<String, LinearLayer> modules = model.modules();
        Map<String, Trainable> savable = model.savableModules();
        List<String> toSave = ModulesToSave.resolve(config.modulesToSave(), savable.keySet());
        List<String> targets = modules.keySet().stream().filter(config.targetModules()::matches).toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("target_modules " + config.targetModules() + " matched no module; modules are "
                    + modules.keySet());
        }
        for (String named : concat(config.rankPattern().keySet(), config.alphaPattern().keySet())) {
            if (!targets.contains(named)) {
                throw new IllegalArgumentException("rank_pattern or alpha_pattern names '" + named + "', which is not a "
                        + "target module; targets are " + targets);
            }
        }
        for (String name : targets) { // check every target before changing anything
            LinearLayer layer = modules.get(name);
            int limit = Math.min(layer.outFeatures(), layer.inFeatures());
            int rank = config.forModule(name).rank();
            if (rank > limit) {
                throw new IllegalArgumentException("rank must be <= min(out, in) = " + limit + " of module '" + name
                        + "', got " + rank);
            }
        }
        model.setBaseTrainable(false);
        toSave.forEach(m -> savable.get(m).setTrainable(true));
        List<String> adapted = new ArrayList<>();
        long moduleIndex = 0;
        for (String name : modules.keySet().stream().toList()) {
            moduleIndex++;
            if (!targets.contains(name)) {
                continue;
            }
            LinearLayer layer = model.module(name);
            LoraLinear lora = layer instanceof LoraLinear existing ? existing : new LoraLinear(layer.base());
            // each module draws from its own stream, so adding a target does not shift the others
            lora.addAdapter(adapterName, config.forModule(name), seed * 1_000_003L + moduleIndex);
            model.replace(name, lora);
            adapted.add(name);
        }
        return adapted;
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
