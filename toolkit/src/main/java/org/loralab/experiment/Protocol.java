package org.loralab.experiment;

/**
 * The rules of an experiment that are the same for every method: how learning-rate searches go past their lists, how
 * budgets grow where they bind, and what a seed varies.
 *
 * @param search    how every learning-rate search goes past the end of its list (spec key
 *                  {@code learning_rate_extensions})
 * @param budget    how a search's epochs grow while its choice keeps its last allowed epoch (spec key
 *                  {@code epoch_extensions})
 * @param seedScope what a seed varies (spec key {@code seed_scope})
 */
public record Protocol(LearningRateSearch search, EpochBudget budget, SeedScope seedScope) {
    /** Two learning rates past the list, two doublings of the epochs, seeds that vary training only. */
    public static final Protocol DEFAULT = new Protocol(LearningRateSearch.DEFAULT, EpochBudget.DEFAULT, SeedScope.TRAINING);
}
