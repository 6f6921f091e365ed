package org.loralab.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two batch scripts of a Slurm submission: a job array whose task I runs {@code loralab run SPEC --shard I/N}
 * into its own folder, and a merge job (submitted with {@code --dependency=afterok:<array>}) that runs
 * {@code loralab merge} into the output folder. The array script states N itself rather than reading
 * {@code SLURM_ARRAY_TASK_COUNT}, so that resubmitting some of the tasks ({@code --array=1,2}) runs the same shards;
 * a rerun task appends to its shard's log rather than replacing the log of the run that failed.
 *
 * @param shards the job array's script
 * @param merge the merge job's script
 */
public record BatchScripts(String shards, String merge) {

    /**
     * @param experiment the spec's name, for the job names
     * @param workDir where the tasks run (relative paths in the spec are relative to it)
     * @param shardCount N
     */
    public static BatchScripts of(String experiment, SlurmLayout layout, Path workDir, int shardCount,
                                  SlurmResources resources, TaskJvm jvm) {
        String array = header("LoRA Lab, experiment " + experiment + ": shard $SLURM_ARRAY_TASK_ID of " + shardCount
                        + " (written by loralab slurm submit)", "loralab-" + experiment, layout.shardLogPattern(),
                workDir, resources, List.of("--array=0-" + (shardCount - 1), "--open-mode=append"))
                + environment(resources)
                + "shards=" + Shell.quote(layout.dir().toString()) + "\n"
                + "exec " + Shell.words(command(jvm)) + " run " + Shell.quote(layout.spec().toString())
                + " --out \"$shards/shard-$SLURM_ARRAY_TASK_ID\" --shard \"$SLURM_ARRAY_TASK_ID/" + shardCount + "\"\n";
        StringBuilder merge = new StringBuilder(header("LoRA Lab, experiment " + experiment + ": merges the " + shardCount
                        + " shards into one report once every task has succeeded (written by loralab slurm submit)",
                "loralab-" + experiment + "-merge", layout.mergeLogPattern(), workDir, resources, List.of()));
        merge.append(environment(resources))
                .append("shards=").append(Shell.quote(layout.dir().toString())).append("\n")
                .append("exec ").append(Shell.words(command(jvm))).append(" merge");
        for (int i = 0; i < shardCount; i++) {
            merge.append(" \"$shards/shard-").append(i).append('"');
        }
        merge.append(" --out ").append(Shell.quote(layout.out().toString())).append("\n");
        return new BatchScripts(array, merge.toString());
    }

    private static String header(String comment, String jobName, Path log, Path workDir, SlurmResources resources,
                                 List<String> first) {
        List<String> directives = new ArrayList<>();
        directives.add("--job-name=" + jobName);
        directives.addAll(first);
        directives.add("--output=" + log);
        directives.add("--chdir=" + workDir.toAbsolutePath().normalize());
        directives.addAll(resources.directives());
        StringBuilder s = new StringBuilder("#!/bin/bash\n# ").append(comment).append("\n");
        directives.forEach(d -> s.append("#SBATCH ").append(d).append("\n"));
        return s.append("set -euo pipefail\n").toString();
    }

    /**
     * The launcher's environment, set on the node where the task runs (see ./loralab for why); any other scheduler's
     * task script sets the same (docs/cluster.md's Kubernetes Job does).
     */
    static String environment(SlurmResources resources) {
        StringBuilder s = new StringBuilder()
                .append("export OMP_WAIT_POLICY=\"${OMP_WAIT_POLICY:-PASSIVE}\"  # OpenMP threads would spin between small ops\n")
                .append("export OPENBLAS_THREAD_TIMEOUT=\"${OPENBLAS_THREAD_TIMEOUT:-4}\"  # OpenBLAS workers sleep after a product\n")
                .append("if [ -z \"${OPENBLAS_CORETYPE:-}\" ] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then\n")
                .append("  export OPENBLAS_CORETYPE=Haswell  # OpenBLAS 0.3.19's AVX-512 kernels compute wrong QR and SVD results\n")
                .append("fi\n");
        resources.cpusPerTask().ifPresent(c -> s.append("export OMP_NUM_THREADS=").append(c)
                .append(" OPENBLAS_NUM_THREADS=").append(c).append("  # the task's CPUs, not the node's\n"));
        return s.toString();
    }

    private static List<String> command(TaskJvm jvm) {
        List<String> words = new ArrayList<>();
        words.add(jvm.java().toString());
        words.addAll(jvm.options());
        words.add("-jar");
        words.add(jvm.jar().toString());
        return words;
    }
}
