package org.loralab.experiment;

import org.loralab.io.Hashes;

/**
 * A unit of work that runs, is stored and resumes as a whole. A {@code FULL} job evaluates the base
 * model, fine-tunes fully, analyses every dW and runs the truncation test for one seed; a {@code LORA}
 * job trains adapters of one configuration and rank for one seed; a {@code SUBSPACE} job trains in a random subspace
 * of one dimension for one seed.
 *
 * @param method  {@link Method#FULL}, {@link Method#LORA} or {@link Method#SUBSPACE}
 * @param variant the LoRA configuration (null for the others)
 * @param rank    the LoRA rank, or the subspace's dimension d (0 for full)
 * @param seed    training seed
 */
public record Job(Method method, LoraVariant variant, int rank, long seed) {

    public Job {
        if (method != Method.FULL && method != Method.LORA && method != Method.SUBSPACE) {
            throw new IllegalArgumentException("jobs are full, lora or subspace, got " + method);
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

    /** A file-name-safe identifier, unique within an experiment. */
    public String id() {
        if (method == Method.FULL) {
            return "full-seed" + seed;
        }
        if (method == Method.SUBSPACE) {
            return "subspace-d" + rank + "-seed" + seed;
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
        return "LoRA " + (variant.name().equals(LoraVariant.DEFAULT) ? "" : variant.name() + " ") + "r=" + rank + ", seed " + seed;
    }
}
