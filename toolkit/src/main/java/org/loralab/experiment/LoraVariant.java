package org.loralab.experiment;

import org.loralab.lora.TargetModules;

/**
 * One point of a sweep's LoRA grid (target modules x alpha rule), trained at every rank and seed, each time with every
 * learning rate of the search.
 *
 * @param name    how tables and charts name it: the grid values that vary, such as {@code targets=layers.1 alpha=r},
 *                or {@code default} when the sweep has no grid
 * @param targets modules that get adapters
 * @param alpha   lora_alpha and its scaling rule
 */
public record LoraVariant(String name, TargetModules targets, LoraAlpha alpha) {
    /** The name of the only variant of a sweep without a grid. */
    public static final String DEFAULT = "default";
}
