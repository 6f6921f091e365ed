package org.loralab.lora;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param rankPattern   PEFT's {@code rank_pattern}: a rank other than {@code rank} for the modules it names (whole module
 *                      names), for example ranks allocated from a measured spectrum; empty for a uniform rank
 * @param alphaPattern  PEFT's {@code alpha_pattern}: lora_alpha other than {@code alpha} for the modules it names
 */
public record LoraConfig(int rank, double alpha, boolean useRslora, double dropout, InitScheme init,
                         TargetModules targetModules, List<String> modulesToSave, Map<String, Integer> rankPattern,
                         Map<String, Double> alphaPattern) {

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
        rankPattern = rankPattern == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rankPattern));
        alphaPattern = alphaPattern == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alphaPattern));
        rankPattern.forEach((module, r) -> {
            if (r < 1) {
                throw new IllegalArgumentException("rank_pattern gives module '" + module + "' rank " + r + "; ranks are >= 1");
            }
        });
        alphaPattern.forEach((module, a) -> {
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("alpha_pattern gives module '" + module + "' lora_alpha " + a
                        + "; it must be a positive number");
            }
        });
        for (String m : modulesToSave) {
            if (targetModules.matches(m)) {
                throw new IllegalArgumentException("module '" + m + "' is both a target and in modules_to_save; pick one");
            }
        }
    }

    /** A config with the same rank and lora_alpha for every target module. */
    public LoraConfig(int rank, double alpha, boolean useRslora, double dropout, InitScheme init,
                      TargetModules targetModules, List<String> modulesToSave) {
        this(rank, alpha, useRslora, dropout, init, targetModules, modulesToSave, Map.of(), Map.of());
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
        return new LoraConfig(newRank, alpha, useRslora, dropout, init, targetModules, modulesToSave, rankPattern, alphaPattern);
    }

    public LoraConfig withAlpha(double newAlpha) {
        return new LoraConfig(rank, newAlpha, useRslora, dropout, init, targetModules, modulesToSave, rankPattern, alphaPattern);
    }

    public LoraConfig withInit(InitScheme newInit) {
        return new LoraConfig(rank, alpha, useRslora, dropout, newInit, targetModules, modulesToSave, rankPattern, alphaPattern);
    }

    public LoraConfig withDropout(double newDropout) {
        return new LoraConfig(rank, alpha, useRslora, newDropout, init, targetModules, modulesToSave, rankPattern, alphaPattern);
    }

    public LoraConfig withModulesToSave(List<String> modules) {
        return new LoraConfig(rank, alpha, useRslora, dropout, init, targetModules, modules, rankPattern, alphaPattern);
    }

    /** This config with per-module ranks and lora_alpha values (PEFT's rank_pattern and alpha_pattern). */
    public LoraConfig withPatterns(Map<String, Integer> ranks, Map<String, Double> alphas) {
        return new LoraConfig(rank, alpha, useRslora, dropout, init, targetModules, modulesToSave, ranks, alphas);
    }

    /** The config of one module: its rank and lora_alpha from the patterns where they name it, no patterns. */
    public LoraConfig forModule(String module) {
        return new LoraConfig(rankPattern.getOrDefault(module, rank), alphaPattern.getOrDefault(module, alpha), useRslora,
                dropout, init, targetModules, modulesToSave);
    }
}
