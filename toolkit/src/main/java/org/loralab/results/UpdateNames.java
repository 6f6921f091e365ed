package org.loralab.results;

/**
 * How result tables name the updates they analyse: {@code seed=<seed>/<module>} for full fine-tuning's update in one
 * seed, {@code planted/<module>} for a task's planted update ({@code planted/seed=<seed>/<module>} where each seed
 * draws its own task).
 */
public final class UpdateNames {
    private static final String PLANTED = "planted/";
    private static final String SEED = "seed=";

    private UpdateNames() {
    }

    /** The name of full fine-tuning's update of {@code module} in seed {@code seed}. */
    public static String full(long seed, String module) {
        return SEED + seed + "/" + module;
    }

    /** The name of the planted update of {@code module}. */
    public static String planted(String module) {
        return PLANTED + module;
    }

    /**
     * The name of the planted update of {@code module} in the task drawn for seed {@code seed} ({@code seed_scope: all}):
     * {@code planted/seed=<seed>/<module>}.
     */
    public static String planted(long seed, String module) {
        return PLANTED + SEED + seed + "/" + module;
    }

    /** Whether {@code tensor} names a full fine-tuning update. */
    public static boolean isFull(String tensor) {
        return tensor.startsWith(SEED);
    }

    /** Whether {@code tensor} names full fine-tuning's update of {@code module} (in any seed). */
    public static boolean isFullUpdateOf(String tensor, String module) {
        return isFull(tensor) && tensor.endsWith("/" + module);
    }
}
