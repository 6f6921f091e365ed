package org.loralab.experiment;

import java.util.Locale;

/** How a trial's model was obtained. */
public enum Method {
    /** The base model W0, untouched. */
    BASE,
    /** Full fine-tuning of every weight. */
    FULL,
    /** LoRA adapters of rank r on the target modules, trained from the base. */
    LORA,
    /** The fully fine-tuned model with every dW replaced by its best rank-r approximation; no training. */
    TRUNCATED,
    /** Fine-tuning in a random d-dimensional subspace of the target modules' weights (intrinsic dimension); rank = d. */
    SUBSPACE;

    /** The name used in tables and files: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Method fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Whether trials of this method have a rank (a subspace's: its dimension d). */
    public boolean ranked() {
        return this == LORA || this == TRUNCATED || this == SUBSPACE;
    }
}
