package org.loralab.results;

/**
 * A trial's metric on the task its base model was pretrained on (the source task of a transfer), higher is better:
 * what forgetting compares. NaN where not measured (tasks without a source, diverged trials, older stored results).
 *
 * @param validation the source metric on held-out source data that is not the test data
 * @param test       the source metric on the source test data: what reports forgetting
 */
public record SourceScores(double validation, double test) {
    /** Not measured. */
    public static final SourceScores NONE = new SourceScores(Double.NaN, Double.NaN);

    public boolean measured() {
        return Double.isFinite(test);
    }
}
