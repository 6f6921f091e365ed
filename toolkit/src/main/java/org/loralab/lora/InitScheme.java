package org.loralab.lora;

/** How the factors A (r, in) and B (out, r) of a new adapter start. */
public enum InitScheme {
    /**
     * A Kaiming-uniform with a = sqrt(5) (bound 1/sqrt(in), as torch.nn.Linear), B = 0: the adapted
     * model starts equal to the base, and the first step moves B (Hu et al. 2021; PEFT's default).
     */
    KAIMING,
    /** A ~ N(0, std = 1/r), B = 0 (PEFT's {@code init_lora_weights="gaussian"}). */
    GAUSSIAN,
    /**
     * PiSSA (Meng et al. 2024): A, B from the top-r singular triplets of W so that scaling B A equals
     * the best rank-r part of W; the base becomes the residual W - scaling B A. The base changes.
     */
    PISSA
}
