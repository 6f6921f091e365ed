package org.loralab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.loralab.Numbers;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.experiment.MethodSweep;
import org.loralab.results.ExperimentResults;
import org.loralab.results.LearningRateSearches;
import org.loralab.results.PairedBootstrap;
import org.loralab.results.TrialResult;

/**
 * The report's "Threats to validity": what was searched and chosen, on which split, how budgets and searches ended,
 * what the seeds varied and what was not tuned, so that a reader can judge the verdict. It states what the code did.
 */
final class ThreatsToValidity {
    private final ExperimentResults results;

    ThreatsToValidity(ExperimentResults results) {
        this.results = results;
    }

    /** What was chosen and how, what was not controlled: so that a reader can judge the verdict. */
    List<String> lines() {
        ExperimentSpec spec = results.spec();
        List<String> out = new ArrayList<>();
        out.add("Selection: the learning rate of full fine-tuning (from {" + rates(spec.fullLearningRates()) + "}) and of "
                + "LoRA (from {" + rates(spec.lora().learningRates()) + "}) is chosen per configuration, rank and seed on the "
                + "validation set, and so is the stopping epoch" + (spec.lora().isGrid() ? "; the LoRA configuration is the one "
                + "with the smallest median r90 on validation (ties: the larger validation fraction at the smallest rank, then "
                + "the spec's order)" : "") + "; the rank the headline names is the median r90 on validation. The test set "
                + "chooses none of these: every reported metric, fraction and per-seed r90 is measured on it afterwards.");
        spec.subspace().ifPresent(sub -> out.add("The random subspace (intrinsic dimension) searches its learning rate "
                + "the same way (from {" + rates(sub.learningRates()) + "}, per dimension and seed), with at most "
                + sub.training().epochs() + " epochs" + (sub.training().patience() > 0 ? " and patience "
                + sub.training().patience() : "") + "; its projection P is drawn from the seed ("
                + sub.projection().description() + "), so each seed is also another subspace."));
        spec.others().forEach(o -> out.add(Character.toUpperCase(o.title().charAt(0)) + o.title().substring(1)
                + " searches its learning rate the same way (from {" + rates(o.learningRates()) + "}, per "
                + (o.method().ranked() ? "rank and " : "") + "seed, on the validation set), with at most "
                + o.training().epochs() + " epochs" + (o.training().patience() > 0 ? " and patience "
                + o.training().patience() : "") + "."));
        if (org.loralab.results.Forgetting.measured(results)) {
            out.add("Forgetting is measured for every trial on held-out data of the source task ("
                    + spec.task().sourceMetricName().orElse("the source metric") + ") and only reported: no learning rate, "
                    + "epoch, configuration or rank is chosen on it; its intervals are over seeds only.");
        }
        if (!org.loralab.results.RankAllocations.pairs(spec).isEmpty()) {
            out.add("Energy rank allocation reads the spectrum of the same seed's selected full fine-tuning update, which "
                    + "was trained on the training set and chosen on validation; the test set plays no part. Allocated and "
                    + "uniform configurations search the same learning rates and epochs.");
        }
        out.add(edgeChoices());
        out.add(String.format(Locale.ROOT, "Budget: at most %d epochs for full fine-tuning and %d for LoRA, %s; epochs kept: %s "
                        + "(full), %s (LoRA); a search whose choice kept its last epoch trains that rate again with twice the epochs, "
                        + "at most " + spec.protocol().budget().extensions() + " times; choices still at their last allowed "
                        + "epoch: %s.", spec.full().epochs(),
                spec.lora().training().epochs(), spec.full().patience() > 0 || spec.lora().training().patience() > 0
                        ? "early stopping on validation with patience " + spec.full().patience() + " (full) and "
                        + spec.lora().training().patience() + " (LoRA)" : "no early stopping",
                epochsText(Method.FULL), epochsText(Method.LORA), searchedMethods().stream().map(m -> {
                    int[] b = bindingBudget(m);
                    long doubled = LearningRateSearches.of(results, m).stream().filter(LearningRateSearches.Search::doubled)
                            .count();
                    return methodName(m) + " " + b[0] + " of " + b[1] + " searches (" + doubled + " trained again with "
                            + "doubled epochs)";
                }).collect(Collectors.joining(", "))));
        out.add("Seeds: " + spec.seeds().size() + " (" + spec.seeds() + "), " + seedScopeText(spec) + "; intervals over seeds are Student-t, intervals over test examples a paired "
                + "bootstrap (" + String.format(Locale.ROOT, "%,d", PairedBootstrap.RESAMPLES) + " resamples, the same examples for base, full fine-tuning and "
                + "LoRA); r90 is given per seed" + (spec.seeds().size() < 3 ? "; fewer than 3 seeds cannot show the spread"
                : "") + ".");
        out.add(spec.lora().alphas().size() > 1 ? "Alpha rules swept: " + spec.lora().alphas().stream()
                .map(a -> a.scalingRule()).collect(Collectors.joining(", ")) + " (the verdict's line on alpha rules)."
                : "Alpha: one rule only (scaling " + spec.lora().alphas().get(0).scalingRule() + "); the verdict is not tested "
                + "against another scaling rule.");
        out.add("Not tuned, the same for every method: batch size, schedule, optimizer betas and weight decay, LoRA init ("
                + spec.lora().init().name().toLowerCase(Locale.ROOT) + ") and dropout (" + spec.lora().dropout() + "). Full fine-tuning trains every parameter (biases"
                + (spec.task().model() instanceof org.loralab.nn.TransformerConfig ? ", embeddings and LayerNorms" : "")
                + "); LoRA trains its adapters and the modules to save of its configuration ("
                + spec.lora().savedSets().stream().map(LoraVariant::savedLabel).collect(Collectors.joining(", ")) + ").");
        return out;
    }

    /** What the seeds of {@code spec} vary, in words. */
    static String seedScopeText(ExperimentSpec spec) {
        return spec.protocol().seedScope() == org.loralab.experiment.SeedScope.ALL
                ? "each drawing its own data split and base model (task seed + 1,000,000 x seed) besides initialisation and "
                + "minibatch order (seed_scope: all)"
                : "varying initialisation and minibatch order only, on one data split and one base model (seed_scope: "
                + "training)";
    }

    /** The methods whose learning rate is searched, in report order. */
    private List<Method> searchedMethods() {
        return results.spec().sweeps().stream().map(MethodSweep::method).toList();
    }

    private String methodName(Method m) {
        return results.spec().sweep(m).orElseThrow().title();
    }

    /**
     * Where each search's choice landed: past the list (the rates the search added, each with how often it was tried
     * and chosen), and how many still chose an end of the rates tried (there the optimum may lie further out).
     */
    private String edgeChoices() {
        List<String> parts = new ArrayList<>();
        for (Method m : searchedMethods()) {
            List<LearningRateSearches.Search> searches = LearningRateSearches.of(results, m);
            if (LearningRateSearches.list(results.spec(), m).size() < 2) {
                parts.add(methodName(m) + " used one learning rate (no search)");
                continue;
            }
            Map<Double, int[]> added = LearningRateSearches.extensions(searches);
            long extended = searches.stream().filter(s -> !s.extensions().isEmpty()).count();
            long atEnd = searches.stream().filter(LearningRateSearches.Search::atAnEnd).count();
            String past = added.isEmpty() ? "none went past its list" : extended + " went past its list ("
                    + added.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s tried %d times, chosen %d",
                            Numbers.compact(e.getKey()), e.getValue()[0], e.getValue()[1])).collect(Collectors.joining("; "))
                    + ")";
            parts.add(String.format(Locale.ROOT, "%s: %d searches, %s; %d still chose the smallest or largest rate tried",
                    methodName(m), searches.size(), past, atEnd));
        }
        int limit = results.spec().search().extensions();
        return "Learning-rate searches (a choice at an end of the list trains the next rate beyond it, at most " + limit
                + " per search): " + String.join("; ", parts) + " (`learning_rates.csv`).";
    }

    /** The epochs a search of {@code m} starts with (the spec's). */
    private int epochCap(Method m) {
        return results.spec().sweep(m).orElseThrow().training().epochs();
    }

    /**
     * Searches of {@code method} whose choice kept its last allowed epoch with no longer run tried (the budget binds),
     * and all of them: {binding, all}.
     */
    int[] bindingBudget(Method m) {
        List<LearningRateSearches.Search> searches = LearningRateSearches.of(results, m);
        return new int[] {(int) searches.stream().filter(LearningRateSearches.Search::binding).count(), searches.size()};
    }

    /**
     * A verdict line when a budget binds (more than a tenth of a method's selected trials kept their last allowed
     * epoch): the fraction of full may then divide by an undertrained full fine-tuning, or undercount LoRA.
     */
    java.util.Optional<String> budgetLine() {
        List<String> binding = new ArrayList<>();
        boolean fullBinds = false;
        for (Method m : searchedMethods()) {
            int[] b = bindingBudget(m);
            if (b[1] > 0 && b[0] * 10 > b[1]) {
                fullBinds |= m == Method.FULL;
                binding.add(String.format(Locale.ROOT, "%s in %d of %d searches (%d epochs, up to %d with doublings)",
                        methodName(m), b[0], b[1], epochCap(m), epochCap(m) << results.spec().protocol().budget()
                                .extensions()));
            }
        }
        return binding.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("The budget binds: the chosen "
                + "trial kept its last allowed epoch, with no longer run tried, for " + String.join("; ", binding)
                + "; longer training might move these numbers" + direction(fullBinds, binding.size()) + ".");
    }

    /**
     * Which way an undertrained side moves the fraction of full, (method - base) / (full - base): an undertrained
     * numerator understates it, an undertrained denominator overstates it, both leave the direction open.
     */
    private static String direction(boolean fullBinds, int bindingMethods) {
        if (!fullBinds) {
            return " (full fine-tuning's budget does not bind, so these fractions of full are likely understated and "
                    + "the ranks that reach 90% may be smaller with longer training)";
        }
        return bindingMethods == 1 ? " (only full fine-tuning's: every fraction of full is likely overstated and the "
                + "ranks that reach 90% may be larger with longer training)" : " (in both the fractions' numerators and "
                + "their denominator, so the direction is open)";
    }

    private String epochsText(Method method) {
        int[] epochs = results.trials().stream().filter(t -> t.method() == method && t.ok()).mapToInt(TrialResult::epochs)
                .sorted().toArray();
        return epochs.length == 0 ? "none" : epochs[0] == epochs[epochs.length - 1] ? String.valueOf(epochs[0])
                : epochs[0] + "-" + epochs[epochs.length - 1] + " (median " + epochs[epochs.length / 2] + ")";
    }

    static String rates(List<Double> rates) {
        return rates.stream().map(Numbers::compact).collect(Collectors.joining(", "));
    }

}
