package org.loralab.gpu.tensor;

import java.util.Locale;

/** How a backend stores matrices and multiplies them; every product accumulates in float32. */
public enum Precision {
    /** float32 storage and float32 products (cuBLAS {@code CUBLAS_COMPUTE_32F}, no tensor-core rounding). */
    FP32,
    /** float32 storage; products on tensor cores with their inputs rounded to TF32 (10-bit mantissa). */
    TF32,
    /** bfloat16 storage (8-bit mantissa): every stored value is rounded; products accumulate in float32. */
    BF16;

    /** Bytes per stored element. */
    public int bytes() {
        return this == BF16 ? 2 : 4;
    }

    /** The value as this precision stores it. */
    public float stored(float value) {
        return this == BF16 ? Bf16.round(value) : value;
    }

    /** A product input as this precision's multiplier sees it. */
    public float multiplied(float value) {
        return this == TF32 ? Bf16.roundMantissa(value, 10) : stored(value);
    }

    /** Case-insensitive name: fp32, tf32 or bf16. */
    public static Precision parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown precision '" + name + "'; expected fp32, tf32 or bf16");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
