package org.loralab.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.experiment.SpecReader;
import org.loralab.task.PlantedRankConfig;

class StudyReaderTest {
    /** A planted-rank spec (no corpora to read) whose study section the tests fill in. */
    static String spec(String study) {
        return "name: tiny\ndescription: a tiny study\n" + study + """
                task:
                  type: planted-rank
                  input_size: 16
                  hidden_sizes: [16]
                  output_size: 16
                  activation: tanh
                  planted_modules: [layers.0]
                  singular_values: [1.0, 0.5]
                  train_size: 256
                  test_size: 128
                  seed: 7
                full:
                  epochs: 2
                  batch_size: 64
                  learning_rate: 0.002
                lora:
                  ranks: [1, 2]
                  target_modules: [layers.0]
                  epochs: 2
                  batch_size: 64
                  learning_rate: 0.005
                seeds: [1, 2]
                """;
    }

    private static StudySpec parse(String study) {
        return StudyReader.parse(spec(study), "study.yaml", "fallback");
    }

    @Test
    void eachValueIsTheSpecWithThatKeySetAndThePointsOfTwoAxesThatCoincideRunOnce() {
        StudySpec study = parse("""
                study:
                  - vary: task.train_size
                    values: [128, 256, 512]
                  - vary: task.seed
                    values: [7, 8]
                    with:
                      lora.ranks: [[1, 2], [1, 4]]
                """);
        assertThat(study.name()).isEqualTo("tiny");
        assertThat(study.axes()).extracting(StudyAxis::key).containsExactly("task.train_size", "task.seed");
        assertThat(study.axes().get(0).values()).containsExactly(128.0, 256.0, 512.0);
        // task.seed 7 with ranks [1, 2] is the spec itself, which is train_size 256: one experiment, not two
        assertThat(study.axes().get(1).points()).containsExactly("train_size-256", "seed-8");
        assertThat(study.points()).extracting(StudyPoint::label)
                .containsExactly("train_size-128", "train_size-256", "train_size-512", "seed-8");
        StudyPoint small = study.point("train_size-128");
        assertThat(((PlantedRankConfig) small.spec().task()).trainSize()).isEqualTo(128);
        assertThat(small.spec().name()).isEqualTo("tiny.train_size-128");
        assertThat(small.spec().description()).isEqualTo("a tiny study (task.train_size = 128)");
        StudyPoint seed8 = study.point("seed-8");
        assertThat(seed8.spec().task().seed()).isEqualTo(8);
        assertThat(seed8.spec().lora().ranks()).containsExactly(1, 4);
        assertThat(((PlantedRankConfig) seed8.spec().task()).trainSize()).isEqualTo(256);
        // the kept text reads back as the same experiment, so that shards merge without the study file
        assertThat(SpecReader.parse(seed8.specText(), "copy", "x").canonicalText()).isEqualTo(seed8.spec().canonicalText());
        assertThat(study.pointsOf(study.axes().get(1))).extracting(StudyPoint::label).containsExactly("train_size-256", "seed-8");
    }

    @Test
    void aSpecWithoutAStudySectionIsNoStudy(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), spec(""));
        Path study = Files.writeString(dir.resolve("s.yaml"), spec("study: {vary: task.seed, values: [1, 2]}\n"));
        assertThat(StudyReader.isStudy(plain)).isFalse();
        assertThat(StudyReader.isStudy(study)).isTrue();
        assertThat(StudyReader.isStudy(dir.resolve("missing.yaml"))).isFalse();
        assertThat(StudyReader.read(study).points()).hasSize(2);
        assertThatThrownBy(() -> StudyReader.read(plain)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a study");
    }

    @Test
    void badStudySectionsAreErrorsThatNameTheKey() {
        List<List<String>> cases = List.of(
                List.of("study: {vary: task.seed}\n", "key 'study.values' must list at least two values of task.seed"),
                List.of("study: {vary: task.seed, values: [1]}\n", "must list at least two values"),
                List.of("study: {vary: task.seed, values: [1, one]}\n", "key 'study.values' must be numbers"),
                List.of("study: {vary: task.seed, values: [1, 1]}\n", "must be distinct"),
                List.of("study: {values: [1, 2]}\n", "key 'study.vary' must name a spec key"),
                List.of("study: {vary: task.seed, values: [1, 2], over: 3}\n", "unknown key 'study.over'"),
                List.of("study: {vary: task.seed, values: [1, 2], with: {lora.ranks: [[1]]}}\n",
                        "key 'study.with.lora.ranks' must list one entry per value (2)"),
                List.of("study: {vary: model.width, values: [1, 2]}\n", "'model.width' is not a key of the spec (it has no "
                        + "section 'model')"),
                List.of("study: {vary: name, values: [1, 2]}\n", "a study cannot vary 'name'"),
                List.of("study: {vary: task.sead, values: [1, 2]}\n", "study.yaml at task.sead = 1: unknown key 'task.sead'"),
                List.of("study: {vary: task.train_size, values: [0, 2]}\n", "study.yaml at task.train_size = 0"),
                List.of("study: [{vary: task.seed, values: [1, 2]}, {vary: task.seed, values: [3, 4]}]\n",
                        "varies the same key twice"),
                List.of("study: []\n", "must name at least one setting"),
                List.of("study: [3]\n", "key 'study[0]' must be a mapping"));
        for (List<String> c : cases) {
            assertThatThrownBy(() -> parse(c.get(0))).as(c.get(0)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining(c.get(1));
        }
    }

    @Test
    void aNullEntryUnderWithRemovesTheKeyForThatValue() {
        StudySpec study = StudyReader.parse(spec("study:\n  vary: task.train_size\n  values: [128, 256]\n  with:\n"
                + "    subspace: [{dimensions: [4, 8], learning_rate: 0.01, epochs: 2, batch_size: 64}, ~]\n"), "study.yaml", "x");
        assertThat(study.point("train_size-128").spec().subspace().orElseThrow().dimensions()).containsExactly(4, 8);
        assertThat(study.point("train_size-256").spec().subspace()).isEmpty();
    }

    @Test
    void aLabelSaysTheKeyAndTheValue() {
        StudySpec study = parse("study: {vary: full.learning_rate, values: [0.002, 0.0025, 1]}\n");
        assertThat(study.points()).extracting(StudyPoint::label)
                .containsExactly("learning_rate-0.002", "learning_rate-0.0025", "learning_rate-1");
        assertThat(study.axes().get(0).name()).isEqualTo("learning_rate");
    }
}
