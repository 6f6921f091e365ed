package org.loralab.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.results.ExperimentResults;
import org.loralab.sweep.ExperimentRunner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Provenance of a run, for {@code run.json} and the report's reproducibility block: versions, git
 * commit, command, backend, host and durations.
 */
public final class RunInfo {
    private RunInfo() {
    }

    /**
     * The provenance of a finished run, for {@code run.json}: the command, the spec (file, name, fingerprint, seeds,
     * precision), the {@link #environment()}, start and end times and the seconds of every job. A null {@code started}
     * (a run that the caller did not time) leaves out the start and the run's seconds.
     */
    public static Map<String, Object> provenance(ExperimentResults results, String command, String specFile,
                                                 Instant started) {
        ExperimentSpec spec = results.spec();
        Instant finished = Instant.now();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("command", command);
        info.put("spec_file", specFile);
        info.put("spec_name", spec.name());
        info.put("spec_fingerprint", ExperimentRunner.fingerprint(spec));
        info.put("seeds", spec.seeds());
        info.put("precision", spec.precision().label());
        info.putAll(environment());
        if (started != null) {
            info.put("started", started.toString());
        }
        info.put("finished", finished.toString());
        if (started != null) {
            info.put("run_seconds", Duration.between(started, finished).toMillis() / 1000.0);
        }
        info.put("job_seconds", results.jobSeconds());
        return info;
    }

    /** Library versions, ND4J backend and machine facts. */
    public static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("toolkit_version", version("org.loralab", "loralab-toolkit"));
        env.put("git_commit", gitCommit());
        env.put("java_version", System.getProperty("java.version"));
        env.put("nd4j_version", version("org.nd4j", "nd4j-api"));
        env.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        env.put("ejml_version", org.ejml.EjmlVersion.VERSION);
        env.put("tablesaw_version", version("tech.tablesaw", "tablesaw-core"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("host", hostName());
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("omp_wait_policy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        env.put("openblas_thread_timeout", String.valueOf(System.getenv("OPENBLAS_THREAD_TIMEOUT")));
        // OpenBLAS's kernel choice changes float rounding, so results are reproducible per kernel type
        env.put("openblas_coretype", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        env.put("recorded_at", Instant.now().toString());
        return env;
    }

    /** The version in a jar's Maven metadata, or "unknown" (for example when run from class folders). */
    static String version(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = RunInfo.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The commit checked out in the working directory, with "+dirty" for local changes, or "unknown". */
    static String gitCommit() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            if (head.isEmpty()) {
                return "unknown";
            }
            return run("git", "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "+dirty";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String run(String... command) throws IOException {
        org.loralab.io.Processes.Result r = org.loralab.io.Processes.run(List.of(command), java.time.Duration.ofSeconds(10));
        return r.ok() ? r.out().trim() : "";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
