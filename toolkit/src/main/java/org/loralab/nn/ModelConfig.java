package org.loralab.nn;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/** The shape of a {@link Model}: enough to build a fresh one and to describe it in reports. */
public interface ModelConfig {

    /**
     * The architecture's name in model files: their metadata key is {@code loralab.<kind>}. {@link ModelKinds} maps it
     * back to a reader.
     */
    String kind();

    /** The fields that rebuild this config, for the model file's metadata (read back by the kind's reader). */
    Map<String, Object> fields();

    /** Linear module names in forward order, each with its weight shape {out, in}. */
    Map<String, int[]> moduleShapes();

    /** The names of {@link Model#savableModules()}, known before a model is built: by default the linear modules. */
    default java.util.List<String> savableModuleNames() {
        return java.util.List.copyOf(moduleShapes().keySet());
    }

    /** A freshly initialised model drawn from {@code seed}. */
    Model initialize(DataType dtype, long seed);

    /** One line for reports, for example "MLP 784 -> [256, 256] -> 5, relu". */
    String describe();
}
