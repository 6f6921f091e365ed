package org.loralab.experiment;

import java.util.OptionalDouble;
import org.loralab.Numbers;

/**
 * lora_alpha in a sweep, with the scaling rule it implies: a number (scaling alpha / r, PEFT's default), {@code r}
 * (alpha = r, scaling 1 at every rank, so that rank is the only thing that changes between trials) or {@code rs}
 * (rsLoRA, scaling alpha / sqrt(r)).
 *
 * @param fixed  the value, or empty for alpha = r
 * @param rsLora scaling alpha / sqrt(r) instead of alpha / r (needs a value)
 */
public record LoraAlpha(OptionalDouble fixed, boolean rsLora) {
    /** alpha = r. */
    public static final LoraAlpha RANK = new LoraAlpha(OptionalDouble.empty(), false);

    public LoraAlpha {
        if (fixed.isPresent() && !(fixed.getAsDouble() > 0 && Double.isFinite(fixed.getAsDouble()))) {
            throw new IllegalArgumentException("alpha must be a positive number, r or rs, got " + fixed.getAsDouble());
        }
        if (rsLora && fixed.isEmpty()) {
            throw new IllegalArgumentException("alpha rs needs a value (alpha / sqrt(r))");
        }
    }

    public static LoraAlpha of(double value) {
        return new LoraAlpha(OptionalDouble.of(value), false);
    }

    /** rsLoRA: scaling {@code value / sqrt(r)}. */
    public static LoraAlpha rs(double value) {
        return new LoraAlpha(OptionalDouble.of(value), true);
    }

    /** lora_alpha at rank {@code rank}. */
    public double at(int rank) {
        return fixed.orElse(rank);
    }

    /** {@code r}, {@code rs} or the number as written in a spec. */
    @Override
    public String toString() {
        return rsLora ? "rs" : fixed.isPresent() ? Numbers.compact(fixed.getAsDouble()) : "r";
    }

    /** How the scaling of dW = scaling B A depends on r, for reports: {@code 16/r}, {@code 1}, {@code 16/sqrt(r)}. */
    public String scalingRule() {
        if (fixed.isEmpty()) {
            return "1";
        }
        return Numbers.compact(fixed.getAsDouble()) + (rsLora ? "/sqrt(r)" : "/r");
    }
}
