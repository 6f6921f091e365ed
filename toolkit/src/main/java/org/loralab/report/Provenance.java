package org.loralab.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a report's numbers came from: the command, the spec (file, name, fingerprint, seeds, precision), the code and
 * libraries, the machine, and the times of the run and of every job. {@code run.json} is {@link #toMap()} as JSON, and
 * the report's reproducibility block lists the same fields.
 *
 * @param started    when the run started; null when the caller did not time it
 * @param runSeconds the run's seconds; null with {@code started}
 * @param jobSeconds seconds of each job by job id (a resumed job: the run that trained it)
 * @param jobCode    the code that computed each job by job id ({@code CodeVersion}: commit and build; a resumed run's
 *                   jobs may come from several)
 */
public record Provenance(String command, String specFile, String specName, String specFingerprint, List<Long> seeds,
                         String precision, Environment environment, String started, String finished, Double runSeconds,
                         Map<String, Double> jobSeconds, Map<String, String> jobCode) {

    /** No provenance: a report built for display only (its reproducibility block is empty). */
    public static final Provenance NONE = new Provenance(null, null, null, null, List.of(), null, null, null, null, null,
            Map.of(), Map.of());

    /** Provenance without the code of each job. */
    public Provenance(String command, String specFile, String specName, String specFingerprint, List<Long> seeds,
                      String precision, Environment environment, String started, String finished, Double runSeconds,
                      Map<String, Double> jobSeconds) {
        this(command, specFile, specName, specFingerprint, seeds, precision, environment, started, finished, runSeconds,
                jobSeconds, Map.of());
    }

    /**
     * The software and machine a run used: versions, the git commit ({@code +dirty} with local changes), the ND4J
     * backend, and the OpenBLAS settings that change float rounding.
     */
    public record Environment(String toolkitVersion, String gitCommit, String javaVersion, String nd4jVersion,
                              String nd4jBackend, String ejmlVersion, String tablesawVersion, String os, String host,
                              int cpus, String ompWaitPolicy, String openblasThreadTimeout, String openblasCoretype,
                              String recordedAt) {
        Map<String, Object> toMap() {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("toolkit_version", toolkitVersion);
            env.put("git_commit", gitCommit);
            env.put("java_version", javaVersion);
            env.put("nd4j_version", nd4jVersion);
            env.put("nd4j_backend", nd4jBackend);
            env.put("ejml_version", ejmlVersion);
            env.put("tablesaw_version", tablesawVersion);
            env.put("os", os);
            env.put("host", host);
            env.put("cpus", cpus);
            env.put("omp_wait_policy", ompWaitPolicy);
            env.put("openblas_thread_timeout", openblasThreadTimeout);
            env.put("openblas_coretype", openblasCoretype);
            env.put("recorded_at", recordedAt);
            return env;
        }
    }

    /** The fields by their {@code run.json} names, in its order; absent fields left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> info = new LinkedHashMap<>();
        putIfSet(info, "command", command);
        putIfSet(info, "spec_file", specFile);
        putIfSet(info, "spec_name", specName);
        putIfSet(info, "spec_fingerprint", specFingerprint);
        if (specName != null) {
            info.put("seeds", seeds);
        }
        putIfSet(info, "precision", precision);
        if (environment != null) {
            info.putAll(environment.toMap());
        }
        putIfSet(info, "started", started);
        putIfSet(info, "finished", finished);
        putIfSet(info, "run_seconds", runSeconds);
        putIfSet(info, "jobs_computed_by", computedBy());
        if (!jobSeconds.isEmpty()) {
            info.put("job_seconds", jobSeconds);
        }
        return info;
    }

    /** Each code that computed jobs, with how many, most first, then by name ("<commit> build <id>: 27 jobs; unrecorded: 3 jobs"). */
    private String computedBy() {
        if (jobCode.isEmpty()) {
            return null;
        }
        Map<String, Long> counts = jobCode.values().stream().collect(java.util.stream.Collectors.groupingBy(c -> c,
                LinkedHashMap::new, java.util.stream.Collectors.counting()));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + ": " + e.getValue() + (e.getValue() == 1 ? " job" : " jobs"))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static void putIfSet(Map<String, Object> info, String key, Object value) {
        if (value != null) {
            info.put(key, value);
        }
    }
}
