package org.loralab.experiment;

import org.loralab.lora.TargetModules;

/**
 * One point of a sweep's LoRA grid (target modules x alpha x learning rate), trained at every rank and seed.
 *
 * @param name         how tables and charts name it: the grid values that vary, such as
 *                     {@code targets=layers.1 lr=0.003}, or {@code default} when the sweep has no grid
 * @param targets      modules that get adapters
 * @param alpha        lora_alpha
 * @param learningRate learning rate of the adapters (and of the modules to save)
 */
public record LoraVariant(String name, TargetModules targets, LoraAlpha alpha, double learningRate) {
    /** The name of the only variant of a sweep without a grid. */
    public static final String DEFAULT = "default";
}
