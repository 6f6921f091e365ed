package org.loralab.experiment;

import java.util.List;
import org.loralab.lora.TargetModules;

/**
 * One point of a sweep's LoRA grid (target modules x alpha rule), trained at every rank and seed, each time with every
 * learning rate of the search.
 *
 * @param name    how tables and charts name it: the grid values that vary, such as {@code targets=layers.1 alpha=r},
 *                or {@code default} when the sweep has no grid
 * @param targets modules that get adapters
 * @param alpha   lora_alpha and its scaling rule
 * @param modulesToSave modules trained in full next to the adapters (entries as {@code modules_to_save} takes them)
 * @param allocation how the rank is spread over the target modules
 */
public record LoraVariant(String name, TargetModules targets, LoraAlpha alpha, List<String> modulesToSave,
                          RankAllocation allocation) {
    /** The name of the only variant of a sweep without a grid. */
    public static final String DEFAULT = "default";

    public LoraVariant {
        modulesToSave = List.copyOf(modulesToSave);
        allocation = allocation == null ? RankAllocation.UNIFORM : allocation;
    }

    /** A variant with the same rank in every target module. */
    public LoraVariant(String name, TargetModules targets, LoraAlpha alpha, List<String> modulesToSave) {
        this(name, targets, alpha, modulesToSave, RankAllocation.UNIFORM);
    }

    /** A variant that trains only its adapters. */
    public LoraVariant(String name, TargetModules targets, LoraAlpha alpha) {
        this(name, targets, alpha, List.of(), RankAllocation.UNIFORM);
    }

    /** The modules to save as one label: {@code none}, or the entries joined by {@code +}. */
    public static String savedLabel(List<String> modulesToSave) {
        return modulesToSave.isEmpty() ? "none" : String.join("+", modulesToSave);
    }
}
