package org.loralab.lora;

import java.util.List;

/**
 * Settings of one LoRA adapter set, named and defaulted as in PEFT's {@code LoraConfig}.
 *
 * @param rank          r, the inner dimension of B A; >= 1 (PEFT default 8)
 * @param alpha         lora_alpha; scaling = alpha / r, or alpha / sqrt(r) with rsLoRA (PEFT default 8)
 * @param useRslora     rank-stabilised scaling alpha / sqrt(r) (Kalajdzievski 2023)
 * @param dropout       dropout probability on the adapter's input, in [0, 1) (default 0)
 * @param init          how A and B start (default {@link InitScheme#KAIMING})
 * @param targetModules modules that get an adapter
 * @param modulesToSave modules trained in full next to the adapters (for example a new head)
 */
public record LoraConfig(int rank, double alpha, boolean useRslora, double dropout, InitScheme init,
                         TargetModules targetModules, List<String> modulesToSave) {

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a positive number, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (init == null || targetModules == null) {
            throw new IllegalArgumentException("init and target_modules must be set");
        }
        modulesToSave = modulesToSave == null ? List.of() : List.copyOf(modulesToSave);
        for (String m : modulesToSave) {
            if (targetModules.matches(m)) {
                throw new IllegalArgumentException("module '" + m + "' is both a target and in modules_to_save; pick one");
            }
        }
    }

    /** Rank r with alpha = r (scaling 1), Kaiming init, no dropout, no modules to save. */
    public static LoraConfig of(int rank, TargetModules targets) {
        return new LoraConfig(rank, rank, false, 0.0, InitScheme.KAIMING, targets, List.of());
    }

    /** The factor in dW = scaling * B A. */
    public double scaling() {
        return useRslora ? alpha / Math.sqrt(rank) : alpha / rank;
    }

    public LoraConfig withRank(int newRank) {
        return new LoraConfig(newRank, alpha, useRslora, dropout, init, targetModules, modulesToSave);
    }

    public LoraConfig withAlpha(double newAlpha) {
        return new LoraConfig(rank, newAlpha, useRslora, dropout, init, targetModules, modulesToSave);
    }

    public LoraConfig withInit(InitScheme newInit) {
        return new LoraConfig(rank, alpha, useRslora, dropout, newInit, targetModules, modulesToSave);
    }

    public LoraConfig withDropout(double newDropout) {
        return new LoraConfig(rank, alpha, useRslora, newDropout, init, targetModules, modulesToSave);
    }

    public LoraConfig withModulesToSave(List<String> modules) {
        return new LoraConfig(rank, alpha, useRslora, dropout, init, targetModules, modules);
    }
}
