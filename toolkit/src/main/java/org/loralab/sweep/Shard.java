package org.loralab.sweep;

/**
 * A deterministic share of an experiment's jobs, so that a scheduler (a Slurm job array, a Kubernetes
 * indexed Job) can spread a sweep over machines: shard I of N runs the jobs whose position in the fixed job
 * order is I modulo N (round robin, so every shard gets a mix of cheap and expensive jobs).
 *
 * @param index I, 0-based (as {@code SLURM_ARRAY_TASK_ID} from 0 or {@code JOB_COMPLETION_INDEX})
 * @param count N
 */
public record Shard(int index, int count) {
    /** Every job. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is I/N with 0 <= I < N, got " + index + "/" + count);
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a shard is I/N with 0 <= I < N, got '" + text + "'");
    }

    /** Whether the job at {@code position} of the job order belongs to this shard. */
    public boolean includes(int position) {
        return position % count == index;
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
