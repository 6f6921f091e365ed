package org.loralab.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Method;

/**
 * The learning-rate searches of an experiment, one per (method, configuration, rank, seed): which rates came from the
 * spec's list, which the search added past an end of it, and where the validation set's choice landed.
 */
public final class LearningRateSearches {

    /**
     * One search.
     *
     * @param method   a training method
     * @param tried    every rate trained, the list's then the extensions (each once)
     * @param listSize how many of {@code tried} are the spec's list
     * @param chosen   the rate the validation set chose
     * @param doubled  whether the search trained its choice again with more epochs (its choice kept its last epoch)
     * @param binding  whether the chosen trial kept its last allowed epoch with no longer run tried: the budget binds
     */
    public record Search(Method method, List<Double> tried, int listSize, double chosen, boolean doubled,
                         boolean binding) {
        /** The rates the search added past its list. */
        public List<Double> extensions() {
            return tried.subList(listSize, tried.size());
        }

        /** Whether the choice is the smallest or largest rate tried: the search has not bracketed its optimum. */
        public boolean atAnEnd() {
            double lo = tried.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double hi = tried.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            return tried.size() > 1 && (chosen == lo || chosen == hi);
        }
    }

    private LearningRateSearches() {
    }

    /** The spec's list of rates for {@code method}. */
    public static List<Double> list(ExperimentSpec spec, Method method) {
        return spec.sweep(method).orElseThrow(() -> new IllegalArgumentException(method.label()
                + " has no learning-rate search")).learningRates();
    }

    /** Every search of {@code method}, in the order of the results' trials. */
    public static List<Search> of(ExperimentResults results, Method method) {
        Map<String, List<TrialResult>> groups = new LinkedHashMap<>();
        for (TrialResult t : results.allTrials()) {
            if (t.method() == method) {
                groups.computeIfAbsent(t.config() + "/" + t.rank() + "/" + t.seed(), k -> new ArrayList<>()).add(t);
            }
        }
        int listSize = list(results.spec(), method).size();
        List<Search> out = new ArrayList<>();
        for (List<TrialResult> g : groups.values()) {
            TrialResult chosen = g.stream().filter(TrialResult::selected).findFirst().orElse(g.get(0));
            int first = g.get(0).maxEpochs();
            int longest = g.stream().mapToInt(TrialResult::maxEpochs).max().orElse(0);
            List<Double> rates = g.stream().map(TrialResult::learningRate).distinct().toList();
            out.add(new Search(method, rates, Math.min(listSize, rates.size()), chosen.learningRate(), longest > first,
                    chosen.ok() && chosen.epochs() >= chosen.maxEpochs() && chosen.maxEpochs() == longest));
        }
        return out;
    }

    /**
     * Each rate added past the list, in increasing order, with the number of searches that tried it and that chose
     * it: {rate -> {tried, chosen}}.
     */
    public static Map<Double, int[]> extensions(List<Search> searches) {
        Map<Double, int[]> out = new TreeMap<>();
        for (Search s : searches) {
            for (double rate : s.extensions()) {
                int[] counts = out.computeIfAbsent(rate, r -> new int[2]);
                counts[0]++;
                if (rate == s.chosen()) {
                    counts[1]++;
                }
            }
        }
        return out;
    }
}
