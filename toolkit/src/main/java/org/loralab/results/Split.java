package org.loralab.results;

/**
 * The held-out split a metric is read from. Validation chooses (learning rates, stopping epochs, the LoRA configuration,
 * the rank a verdict names, every tie-break); test only reports.
 */
public enum Split {
    /** Chooses: {@link TrialResult#validationMetric()}. */
    VALIDATION,
    /** Reports: {@link TrialResult#metric()}. */
    TEST;

    /** The trial's task metric on this split (higher is better). */
    public double metric(TrialResult trial) {
        return this == VALIDATION ? trial.validationMetric() : trial.metric();
    }
}
