package org.loralab.study;

/**
 * The mean over seeds of a test fraction of full fine-tuning's improvement, with a 95% interval that resamples seeds
 * and test examples together.
 */
public record FractionEstimate(double mean, double low, double high) {
}
