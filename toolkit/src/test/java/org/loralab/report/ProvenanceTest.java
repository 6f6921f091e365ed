package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    private static final Provenance.Environment ENV = new Provenance.Environment("0.1", "abc+dirty", "17", "M2.1", "Cpu",
            "0.46", "0.44", "Linux amd64", "vm", 2, "PASSIVE", "4", "Haswell", "2026-12-04T00:00:02Z");

    /** run.json's keys, in the order earlier toolkits wrote them, so that old and new files line up. */
    @Test
    void itsMapHasRunJsonsKeysInOrder() {
        Provenance p = new Provenance("loralab run x.yaml", "x.yaml", "x", "f00", List.of(1L, 2L), "float32", ENV,
                "2026-12-04T00:00:00Z", "2026-12-04T00:00:01Z", 1.0, Map.of("full-seed1", 0.5));
        assertThat(p.toMap().keySet()).containsExactly("command", "spec_file", "spec_name", "spec_fingerprint", "seeds",
                "precision", "toolkit_version", "git_commit", "java_version", "nd4j_version", "nd4j_backend",
                "ejml_version", "tablesaw_version", "os", "host", "cpus", "omp_wait_policy", "openblas_thread_timeout",
                "openblas_coretype", "recorded_at", "started", "finished", "run_seconds", "job_seconds");
        assertThat(p.toMap()).containsEntry("git_commit", "abc+dirty").containsEntry("cpus", 2).containsEntry("seeds",
                List.of(1L, 2L));
    }

    /** A run resumed with other code says so: each code with its number of jobs, most first, in run.json and the report. */
    @Test
    void itSaysWhichCodeComputedTheJobs() {
        Provenance p = new Provenance("loralab run x.yaml", "x.yaml", "x", "f00", List.of(1L), "float32", ENV, null,
                "2026-12-04T00:00:01Z", null, Map.of(), new java.util.LinkedHashMap<>(Map.of("a", "old build 1", "b",
                "unrecorded", "c", "new build 2", "d", "new build 2")));
        assertThat(p.toMap()).containsEntry("jobs_computed_by", "new build 2: 2 jobs; old build 1: 1 job; unrecorded: 1 job");
        assertThat(new ArrayList<>(p.toMap().keySet())).containsSubsequence("finished", "jobs_computed_by");
        assertThat(new Provenance("c", "x.yaml", "x", "f00", List.of(1L), "float32", ENV, null, null, null, Map.of())
                .toMap()).doesNotContainKey("jobs_computed_by");
    }

    @Test
    void anUntimedRunLeavesOutItsStartAndSecondsAndNoneIsEmpty() {
        Provenance untimed = new Provenance("Lab.report (notebook)", "", "x", "f00", List.of(1L), "float32", ENV, null,
                "2026-12-04T00:00:01Z", null, Map.of());
        assertThat(untimed.toMap()).doesNotContainKeys("started", "run_seconds", "job_seconds").containsKey("finished");
        assertThat(Provenance.NONE.toMap()).isEmpty();
    }
}
