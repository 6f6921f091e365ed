package org.loralab.experiment;

/**
 * The rules of an experiment that are the same for every method: how learning-rate searches go past their lists, and
 * what a seed varies.
 *
 * @param search    how every learning-rate search goes past the end of its list (spec key
 *                  {@code learning_rate_extensions})
 * @param seedScope what a seed varies (spec key {@code seed_scope})
 */
public record Protocol(LearningRateSearch search, SeedScope seedScope) {
    /** Two extensions per search, seeds that vary training only. */
    public static final Protocol DEFAULT = new Protocol(LearningRateSearch.DEFAULT, SeedScope.TRAINING);
}
