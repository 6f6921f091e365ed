package org.loralab.results;

import java.util.List;
import java.util.OptionalInt;

/**
 * A task-level rank (r90, say) over seeds: how many seeds reached it, and the median, smallest and largest
 * rank among those that did.
 *
 * @param reached seeds that reached the share
 * @param seeds   seeds in all
 * @param median  median rank of the seeds that reached it (NaN when none did)
 * @param min     smallest such rank (0 when none did)
 * @param max     largest such rank (0 when none did)
 */
public record TaskRankSpread(int reached, int seeds, double median, int min, int max) {

    /** @param perSeed the rank of each seed, empty where not reached */
    public static TaskRankSpread of(List<OptionalInt> perSeed) {
        int[] ranks = perSeed.stream().filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).sorted().toArray();
        int n = ranks.length;
        if (n == 0) {
            return new TaskRankSpread(0, perSeed.size(), Double.NaN, 0, 0);
        }
        double median = n % 2 == 1 ? ranks[n / 2] : (ranks[n / 2 - 1] + ranks[n / 2]) / 2.0;
        return new TaskRankSpread(n, perSeed.size(), median, ranks[0], ranks[n - 1]);
    }

    /** For example {@code 2 of 3}. */
    public String reachedText() {
        return reached + " of " + seeds;
    }
}
