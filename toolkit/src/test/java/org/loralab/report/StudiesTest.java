package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.results.JobResult;
import org.loralab.study.StudyReader;
import org.loralab.study.StudySpec;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.RunListener;
import org.loralab.sweep.Shard;

/**
 * A tiny planted-rank study run end to end through {@link Studies}: the files, {@code study.csv} against values
 * recomputed from each experiment's own {@code trials.csv} and {@code layers.csv}, resuming, and shards merged.
 */
class StudiesTest {
    private static final String STUDY = """
            name: tiny-study
            study: {vary: task.train_size, values: [128, 512]}
            task:
              type: planted-rank
              input_size: 16
              hidden_sizes: [16]
              output_size: 16
              activation: tanh
              planted_modules: [layers.0]
              singular_values: [1.0, 0.8]
              train_size: 256
              test_size: 256
              seed: 7
            full:
              epochs: 6
              batch_size: 32
              learning_rate: [0.003, 0.01]
              schedule: cosine
            lora:
              ranks: [1, 2, 8]
              target_modules: [layers.0]
              epochs: 6
              batch_size: 32
              learning_rate: [0.003, 0.01]
              schedule: cosine
            subspace:
              dimensions: [4, 256]
              projection: dense
              epochs: 6
              batch_size: 32
              learning_rate: [0.01, 0.03]
              schedule: cosine
            seeds: [1, 2]
            """;

    @TempDir
    static Path dir;
    static Path specFile;
    static StudySpec study;
    static Path out;

    @BeforeAll
    static void run() throws Exception {
        specFile = Files.writeString(dir.resolve("tiny-study.yaml"), STUDY);
        study = StudyReader.read(specFile);
        out = dir.resolve("out");
        assertThat(Studies.run(study, specFile, out, ExperimentRunner.Options.defaults(), p -> RunListener.SILENT, "test"))
                .isPresent();
    }

    @Test
    void theStudyWritesItsReportOnTopOfEachExperimentsOwn() {
        for (String f : List.of("report.md", "report.html", "study.csv", "run.json", ".study/study.yaml",
                "figures/train_size-ranks.png", "figures/train_size-relative.svg", "figures/train_size-fractions.png",
                "train_size-128/report.md", "train_size-128/trials.csv", "train_size-512/.jobs/spec.yaml")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(out.resolve("train_size-128/.base")).doesNotExist(); // the points share the study's
    }

    /** r90, d90 and the fractions of study.csv, recomputed from the points' trials.csv (selected trials, test metric). */
    @Test
    void studyCsvHoldsWhatEachExperimentsTrialsSay() throws Exception {
        List<Map<String, String>> rows = csv(out.resolve("study.csv"));
        assertThat(rows).hasSize(4);
        for (Map<String, String> row : rows) {
            Path point = out.resolve(row.get("point"));
            List<Map<String, String>> trials = csv(point.resolve("trials.csv")).stream()
                    .filter(t -> t.get("seed").equals(row.get("seed")) && t.get("selected").equals("true")).toList();
            double base = metric(trials, "base", 0);
            double full = metric(trials, "full", 0);
            assertThat(Double.parseDouble(row.get("metric_base"))).isEqualTo(base);
            assertThat(Double.parseDouble(row.get("metric_full"))).isEqualTo(full);
            assertThat(row.get("r90")).isEqualTo(firstReaching(trials, "lora", List.of(1, 2, 8), base, full));
            assertThat(row.get("d90")).isEqualTo(firstReaching(trials, "subspace", List.of(4, 256), base, full));
            for (int rank : List.of(1, 2, 8)) {
                assertThat(Double.parseDouble(row.get("fraction_r" + rank)))
                        .isCloseTo((metric(trials, "lora", rank) - base) / (full - base), within(1e-12));
            }
            assertThat(row.get("module_width")).isEqualTo("16");
            assertThat(row.get("subspace_parameters")).isEqualTo(String.valueOf(16 * 16 + 16 + 16 * 16 + 16));
            double energy = csv(point.resolve("layers.csv")).stream()
                    .filter(l -> l.get("tensor").startsWith("seed=" + row.get("seed") + "/"))
                    .mapToDouble(l -> Double.parseDouble(l.get("energy_rank_90"))
                            / Math.min(Integer.parseInt(l.get("rows")), Integer.parseInt(l.get("cols"))))
                    .average().orElseThrow();
            assertThat(Double.parseDouble(row.get("energy_rank_90_relative"))).isCloseTo(energy, within(1e-12));
        }
    }

    @Test
    void rerunningResumesEveryExperiment() throws Exception {
        String before = Files.readString(out.resolve("study.csv"));
        AtomicInteger trained = new AtomicInteger();
        Studies.run(study, specFile, out, ExperimentRunner.Options.defaults(), p -> new RunListener() {
            @Override
            public void finished(JobResult result) {
                trained.incrementAndGet();
            }
        }, "test");
        assertThat(trained).hasValue(0);
        assertThat(Files.readString(out.resolve("study.csv"))).isEqualTo(before);
    }

    @Test
    void shardsOfAStudyMergeIntoTheSameStudy() throws Exception {
        Path a = dir.resolve("shard-a");
        Path b = dir.resolve("shard-b");
        for (int i = 0; i < 2; i++) {
            assertThat(Studies.run(study, specFile, i == 0 ? a : b, new ExperimentRunner.Options(1, false,
                    RunListener.SILENT, new Shard(i, 2)), p -> RunListener.SILENT, "test")).isEmpty();
        }
        assertThat(a.resolve("report.md")).doesNotExist();
        assertThatThrownBy(() -> Studies.merge(study, List.of(a), dir.resolve("half"), p -> RunListener.SILENT, "test"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("have not run in any of the shards");
        Path merged = dir.resolve("merged");
        Studies.merge(Studies.shardStudy(List.of(a, b)), List.of(a, b), merged, p -> RunListener.SILENT, "test");
        assertThat(Files.readString(merged.resolve("study.csv"))).isEqualTo(Files.readString(out.resolve("study.csv")));
        assertThat(merged.resolve("train_size-128/.jobs/spec.yaml")).isRegularFile();
        assertThatThrownBy(() -> Studies.shardStudy(List.of(a, dir))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no .study/study.yaml");
    }

    private static String firstReaching(List<Map<String, String>> trials, String method, List<Integer> ranks, double base,
                                        double full) {
        for (int r : ranks) {
            if (metric(trials, method, r) - base >= 0.9 * (full - base)) {
                return String.valueOf((double) r);
            }
        }
        return "";
    }

    private static double metric(List<Map<String, String>> trials, String method, int rank) {
        return trials.stream().filter(t -> t.get("method").equals(method)
                        && (rank == 0 || t.get("rank").equals(String.valueOf(rank))))
                .mapToDouble(t -> Double.parseDouble(t.get("test_metric"))).findFirst().orElseThrow();
    }

    static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new TreeMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
