package org.loralab.nn;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/** The shape of a {@link Model}: enough to build a fresh one and to describe it in reports. */
public sealed interface ModelConfig permits MlpConfig, TransformerConfig {

    /** Linear module names in forward order, each with its weight shape {out, in}. */
    Map<String, int[]> moduleShapes();

    /** A freshly initialised model drawn from {@code seed}. */
    Model initialize(DataType dtype, long seed);

    /** One line for reports, for example "MLP 784 -> [256, 256] -> 5, relu". */
    String describe();
}
