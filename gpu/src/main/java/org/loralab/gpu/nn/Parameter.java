package org.loralab.gpu.nn;

import org.loralab.gpu.tensor.Matrix;

/** A trainable matrix and its gradient buffer (same shape), e.g. "layers.0.lora_A". */
public record Parameter(String name, Matrix value, Matrix grad) {
}
