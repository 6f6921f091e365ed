package org.loralab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.loralab.experiment.Method;
import org.loralab.experiment.MethodSweep;
import org.loralab.results.ExperimentResults;
import org.loralab.results.MeanInterval;
import org.loralab.results.TrialResult;

/**
 * The report's part for the methods a spec trains beyond full fine-tuning, LoRA and the random subspace (registered
 * {@link org.loralab.experiment.MethodType}s): what each recovers of full fine-tuning's improvement, with how many
 * trainable parameters. Their trials are in every table already; this says it in words.
 */
final class OtherMethodsSection {
    private OtherMethodsSection() {
    }

    /** One verdict line per other method (none without them). */
    static List<String> verdictLines(ExperimentResults results) {
        List<String> lines = new ArrayList<>();
        for (MethodSweep other : results.spec().others()) {
            Method m = other.method();
            List<Integer> ranks = results.trials().stream().filter(t -> t.method() == m).map(TrialResult::rank).distinct()
                    .sorted().toList();
            String shares = ranks.stream().map(r -> share(results, m, r)).collect(Collectors.joining("; "));
            lines.add(name(other) + ", its learning rate chosen on validation like every method's: " + shares + ".");
        }
        return lines;
    }

    /** How {@code other} is named in the setup: its title and label. */
    static String name(MethodSweep other) {
        return capitalised(other.title()) + " (`" + other.method().label() + "`)";
    }

    private static String share(ExperimentResults results, Method m, int rank) {
        MeanInterval f = results.fractionOverSeeds(m, "", rank);
        double[] noise = results.fractionTestIntervalOverSeeds(m, "", rank);
        long params = results.trials().stream().filter(t -> t.method() == m && t.rank() == rank)
                .mapToLong(TrialResult::trainableParams).max().orElse(0);
        return String.format(Locale.ROOT, "%srecovers %.1f%% of full fine-tuning's improvement on test (95%% interval over "
                        + "seeds %.1f-%.1f%%, over test examples %.1f-%.1f%%) with %,d trainable parameters",
                m.ranked() ? "at r = " + rank + " " : "", 100 * f.mean(), 100 * f.low(), 100 * f.high(), 100 * noise[0],
                100 * noise[1], params);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
