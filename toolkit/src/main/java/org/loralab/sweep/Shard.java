package org.loralab.sweep;

import java.util.Map;

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

    /**
     * Parses {@code I/N}, or takes the shard from a scheduler's environment: {@code auto} is Slurm's array task
     * ({@code SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN} of {@code SLURM_ARRAY_TASK_COUNT}, so {@code --array=0-N}
     * or {@code 1-N} both work); {@code auto/N} is task {@code SLURM_ARRAY_TASK_ID}, or a Kubernetes Indexed Job's
     * {@code JOB_COMPLETION_INDEX}, of N (for arrays that run some of the indices, and for Kubernetes, which does
     * not tell a pod how many there are).
     */
    public static Shard parse(String text, Map<String, String> env) {
        String t = text.trim();
        if (t.equals("auto")) {
            if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
                int id = number(env, "SLURM_ARRAY_TASK_ID");
                int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? number(env, "SLURM_ARRAY_TASK_MIN") : 0;
                return new Shard(id - min, number(env, "SLURM_ARRAY_TASK_COUNT"));
            }
            if (env.containsKey("JOB_COMPLETION_INDEX")) {
                throw new IllegalArgumentException("a Kubernetes Indexed Job does not tell its pods how many there are: "
                        + "use auto/N with N the Job's completions");
            }
            throw new IllegalArgumentException("'auto' takes the shard from SLURM_ARRAY_TASK_ID, which is not set "
                    + "(not in a Slurm job array?)");
        }
        if (t.startsWith("auto/")) {
            String variable = env.containsKey("SLURM_ARRAY_TASK_ID") ? "SLURM_ARRAY_TASK_ID" : "JOB_COMPLETION_INDEX";
            if (!env.containsKey(variable)) {
                throw new IllegalArgumentException("'" + t + "' takes the shard from SLURM_ARRAY_TASK_ID or "
                        + "JOB_COMPLETION_INDEX, and neither is set");
            }
            return parse(env.get(variable) + t.substring("auto".length()));
        }
        return parse(t);
    }

    private static int number(Map<String, String> env, String variable) {
        String value = env.get(variable);
        try {
            return Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " is '" + value + "', not a whole number");
        }
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
