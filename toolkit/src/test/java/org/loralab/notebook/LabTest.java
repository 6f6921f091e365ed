package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.results.ExperimentResults;
import org.loralab.testing.Specs;
import tech.tablesaw.api.Table;

class LabTest {

    /** A notebook's report is the command line's: the same files, and run.json with the provenance. */
    @Test
    void reportWritesTheFilesAndProvenanceOfACommandLineRun(@TempDir Path dir) throws Exception {
        ExperimentResults results = Lab.run(Specs.parse(Specs.VALID), dir.resolve("jobs"));
        Path report = Lab.report(results, dir.resolve("report"));
        assertThat(report).isRegularFile().hasFileName("report.md");
        for (String file : new String[] {"report.html", "trials.csv", "layers.csv", "spectrum.csv", "run.json"}) {
            assertThat(dir.resolve("report").resolve(file)).isRegularFile();
        }
        JsonNode run = new ObjectMapper().readTree(dir.resolve("report/run.json").toFile());
        assertThat(run.get("command").asText()).isEqualTo("Lab.report (notebook)");
        assertThat(run.get("spec_name").asText()).isEqualTo("tiny");
        assertThat(run.get("spec_file").asText()).isEqualTo("none (a spec built in the notebook)");
        assertThat(run.get("nd4j_backend").asText()).isNotBlank();
        assertThat(run.has("toolkit_version")).isTrue();
        assertThat(run.has("run_seconds")).as("the notebook did not time the run").isFalse();
        assertThat(Lab.verdict(results)).isNotEmpty().noneMatch(line -> line.contains("**") || line.contains("`"));
        // every trial, in order, with its numbers at full precision (read back, not rewritten by the writer under test)
        Table trials = Table.read().csv(dir.resolve("report/trials.csv").toFile());
        assertThat(trials.rowCount()).isEqualTo(results.allTrials().size());
        for (int i = 0; i < trials.rowCount(); i++) {
            var t = results.allTrials().get(i);
            assertThat(trials.stringColumn("method").get(i)).isEqualTo(t.method().label());
            assertThat(trials.numberColumn("seed").getDouble(i)).isEqualTo((double) t.seed());
            assertThat(trials.doubleColumn("test_metric").get(i)).as("row %d", i).isEqualTo(t.metric());
            assertThat(trials.doubleColumn("validation_metric").get(i)).as("row %d", i).isEqualTo(t.validationMetric());
        }
    }

    /** The library's extraction: a fixed rank in every module of a Llama-shaped block, planted rank 6 kept whole at 6. */
    @Test
    void extractAdapterKeepsThePlantedUpdate(@TempDir Path dir) {
        new org.loralab.checkpoint.SyntheticCheckpoints(1, 16, 24, 6, 0.2, org.loralab.format.DType.F64, 1, 3).write(dir);
        var extraction = Lab.extractAdapter(dir.resolve("base"), dir.resolve("tuned"),
                new org.loralab.checkpoint.AdapterExtraction.RankChoice.Fixed(6));
        assertThat(extraction.modules()).hasSize(7).allSatisfy(m -> {
            assertThat(m.rank()).isEqualTo(6);
            assertThat(m.relativeError()).isLessThan(1e-6); // float64 checkpoints: no rounding noise to leave out
        });
        assertThat(extraction.adapter().rank()).isEqualTo(6);
        assertThat(extraction.adapter().alphaPattern()).isEmpty();
    }

    /** Results of a spec file as written: run.json names it and the folder keeps its copy; changed settings are refused. */
    @Test
    void aReportOfASpecFileKeepsItsCopy(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("tiny.yaml"), Specs.VALID);
        ExperimentResults results = Lab.run(Lab.spec(file.toString()), dir.resolve("jobs"));
        Lab.report(results, file.toString(), dir.resolve("report"));
        JsonNode run = new ObjectMapper().readTree(dir.resolve("report/run.json").toFile());
        assertThat(run.get("spec_file").asText()).isEqualTo(file.toString());
        assertThat(dir.resolve("report/.jobs/spec.yaml")).hasSameTextualContentAs(file);
        ExperimentResults changed = Lab.run(Lab.spec(file.toString()).withSeeds(java.util.List.of(1)), dir.resolve("jobs2"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Lab.report(changed, file.toString(), dir.resolve("r2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changed in code");
    }
}
