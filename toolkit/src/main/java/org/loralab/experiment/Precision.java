package org.loralab.experiment;

import org.loralab.spectrum.SpectrumMetrics;
import org.nd4j.linalg.api.buffer.DataType;

/** Floating-point type of weights and activations during training. */
public enum Precision {
    FLOAT32(DataType.FLOAT, SpectrumMetrics.FLOAT_EPSILON),
    FLOAT64(DataType.DOUBLE, SpectrumMetrics.DOUBLE_EPSILON);

    private final DataType dataType;
    private final double epsilon;

    Precision(DataType dataType, double epsilon) {
        this.dataType = dataType;
        this.epsilon = epsilon;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Machine epsilon of the type. */
    public double epsilon() {
        return epsilon;
    }

    /** The name used in specs: {@code float32} or {@code float64}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
