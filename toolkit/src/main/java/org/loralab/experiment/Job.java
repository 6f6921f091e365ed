package org.loralab.experiment;

import org.loralab.io.Hashes;

/**
 * A unit of work that runs, is stored and resumes as a whole: one training method's search for one seed (and, for
 * LoRA, one configuration; for ranked methods, one rank). A {@code FULL} job also evaluates the base model, analyses
 * every dW and runs the truncation test ({@link MethodSweep#reference()}).
 *
 * @param method  a training method (not {@link Method#BASE} or {@link Method#TRUNCATED})
 * @param variant the LoRA configuration (null for the others)
 * @param rank    the LoRA rank, the subspace's dimension d, or 0 for unranked methods
 * @param seed    training seed
 */
public record Job(Method method, LoraVariant variant, int rank, long seed) {

    public Job {
        if (method == Method.BASE || method == Method.TRUNCATED) {
            throw new IllegalArgumentException("jobs train; " + method.label() + " is not a training method");
        }
        if (method.ranked() == (rank == 0) || rank < 0) {
            throw new IllegalArgumentException(method.label() + (method.ranked() ? " jobs need a rank >= 1" : " jobs have no rank")
                    + ", got " + rank);
        }
        if ((method == Method.LORA) != (variant != null)) {
            throw new IllegalArgumentException("a LoRA job needs its configuration, a full job has none");
        }
    }

    /** Full fine-tuning for {@code seed}. */
    public static Job full(long seed) {
        return new Job(Method.FULL, null, 0, seed);
    }

    /** LoRA of {@code variant} at {@code rank} for {@code seed}. */
    public static Job lora(LoraVariant variant, int rank, long seed) {
        return new Job(Method.LORA, variant, rank, seed);
    }

    /** Training in a random subspace of dimension {@code dimension} for {@code seed}. */
    public static Job subspace(int dimension, long seed) {
        return new Job(Method.SUBSPACE, null, dimension, seed);
    }

    /** A job of another training method: {@code rank} 0 for an unranked one. */
    public static Job of(Method method, int rank, long seed) {
        return new Job(method, null, rank, seed);
    }

    /** A file-name-safe identifier, unique within an experiment. */
    public String id() {
        if (method == Method.FULL) {
            return "full-seed" + seed;
        }
        if (method == Method.SUBSPACE) {
            return "subspace-d" + rank + "-seed" + seed;
        }
        if (method != Method.LORA) {
            return method.label() + (method.ranked() ? "-r" + rank : "") + "-seed" + seed;
        }
        return "lora-" + (variant.name().equals(LoraVariant.DEFAULT) ? "" : safe(variant.name()) + "-") + "r" + rank
                + "-seed" + seed;
    }

    /** The name with spaces as commas; other unsafe characters replaced, plus a hash of the name to keep names apart. */
    private static String safe(String name) {
        String safe = name.replace(' ', ',');
        if (safe.matches("[A-Za-z0-9.=_+,-]+") && !name.contains(",")) {
            return safe;
        }
        return safe.replaceAll("[^A-Za-z0-9.=_+,-]", "_") + "-" + Hashes.sha256Hex(name).substring(0, 8);
    }

    @Override
    public String toString() {
        if (method == Method.FULL) {
            return "full fine-tuning, seed " + seed;
        }
        if (method == Method.SUBSPACE) {
            return "subspace d=" + rank + ", seed " + seed;
        }
        if (method != Method.LORA) {
            return method.label() + (method.ranked() ? " r=" + rank : "") + ", seed " + seed;
        }
        return "LoRA " + (variant.name().equals(LoraVariant.DEFAULT) ? "" : variant.name() + " ") + "r=" + rank + ", seed " + seed;
    }
}
