package org.loralab.experiment;

import java.util.OptionalDouble;
import org.loralab.Numbers;

/**
 * lora_alpha in a sweep: a fixed value, or equal to the rank (scaling alpha / r = 1 at every rank, so
 * that rank is the only thing that changes between trials).
 *
 * @param fixed the value, or empty for alpha = r
 */
public record LoraAlpha(OptionalDouble fixed) {
    /** alpha = r. */
    public static final LoraAlpha RANK = new LoraAlpha(OptionalDouble.empty());

    public LoraAlpha {
        if (fixed.isPresent() && !(fixed.getAsDouble() > 0 && Double.isFinite(fixed.getAsDouble()))) {
            throw new IllegalArgumentException("alpha must be a positive number or r, got " + fixed.getAsDouble());
        }
    }

    public static LoraAlpha of(double value) {
        return new LoraAlpha(OptionalDouble.of(value));
    }

    /** lora_alpha at rank {@code rank}. */
    public double at(int rank) {
        return fixed.orElse(rank);
    }

    /** {@code r}, or the number as written in a spec. */
    @Override
    public String toString() {
        return fixed.isPresent() ? Numbers.compact(fixed.getAsDouble()) : "r";
    }
}
