package org.loralab.sweep;

/**
 * A unit of work that runs, is stored and resumes as a whole. A {@code FULL} job evaluates the base
 * model, fine-tunes fully, analyses every dW and runs the truncation test for one seed; a {@code LORA}
 * job trains adapters of one rank for one seed.
 *
 * @param method {@link Method#FULL} or {@link Method#LORA}
 * @param rank   the LoRA rank (0 for full)
 * @param seed   training seed
 */
public record Job(Method method, int rank, long seed) {

    public Job {
        if (method != Method.FULL && method != Method.LORA) {
            throw new IllegalArgumentException("jobs are full or lora, got " + method);
        }
    }

    /** A file-name-safe identifier, unique within an experiment. */
    public String id() {
        return method == Method.FULL ? "full-seed" + seed : "lora-r" + rank + "-seed" + seed;
    }

    @Override
    public String toString() {
        return method == Method.FULL ? "full fine-tuning, seed " + seed : "LoRA r=" + rank + ", seed " + seed;
    }
}
