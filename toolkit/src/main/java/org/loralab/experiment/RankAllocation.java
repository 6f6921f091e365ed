package org.loralab.experiment;

import java.util.Locale;

/** How a LoRA configuration spreads its rank over the target modules ({@code lora.rank_allocation}). */
public enum RankAllocation {
    /** Every target module gets rank r (LoRA as published). */
    UNIFORM,
    /**
     * Ranks from the spectrum of the same seed's selected full fine-tuning update, under the trainable-parameter budget
     * of uniform rank r ({@link org.loralab.spectrum.RankBudget}); PEFT's rank_pattern.
     */
    ENERGY;

    /** The name specs and tables use: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The allocation called {@code label} in a spec. */
    public static RankAllocation fromLabel(String label) {
        for (RankAllocation a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("rank_allocation must be uniform or energy, got '" + label + "'");
    }
}
