package org.loralab.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.results.CodeVersion;
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
     * The provenance of a finished run: the command, the spec (file, name, fingerprint, seeds, precision), the
     * {@link #environment()}, start and end times and the seconds of every job. A null {@code started} (a run that the
     * caller did not time) leaves out the start and the run's seconds.
     */
    public static Provenance provenance(ExperimentResults results, String command, String specFile, Instant started) {
        ExperimentSpec spec = results.spec();
        Provenance.Environment environment = environment();
        Instant finished = Instant.now();
        return new Provenance(command, specFile, spec.name(), ExperimentRunner.fingerprint(spec), spec.seeds(),
                spec.precision().label(), environment, started == null ? null : started.toString(), finished.toString(),
                started == null ? null : Duration.between(started, finished).toMillis() / 1000.0, results.jobSeconds(), results.jobCode());
    }

    /** Library versions, ND4J backend and machine facts. */
    public static Provenance.Environment environment() {
        // OpenBLAS's kernel choice changes float rounding, so results are reproducible per kernel type
        return new Provenance.Environment(version("org.loralab", "loralab-toolkit"), gitCommit(),
                System.getProperty("java.version"), version("org.nd4j", "nd4j-api"),
                Nd4j.getBackend().getClass().getSimpleName(), org.ejml.EjmlVersion.VERSION,
                version("tech.tablesaw", "tablesaw-core"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                hostName(), Runtime.getRuntime().availableProcessors(), String.valueOf(System.getenv("OMP_WAIT_POLICY")),
                String.valueOf(System.getenv("OPENBLAS_THREAD_TIMEOUT")), String.valueOf(System.getenv("OPENBLAS_CORETYPE")),
                Instant.now().toString());
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
        return CodeVersion.gitCommit();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
