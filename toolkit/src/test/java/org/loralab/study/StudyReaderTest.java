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
import org.loralab.testing.Specs;

class StudyReaderTest {
    /** The tests' small planted-rank spec with {@code study} (a study section, or nothing) after its name. */
    static String spec(String study) {
        return Specs.VALID.replace("name: tiny\n", "name: tiny\ndescription: a tiny study\n" + study);
    }

    private static StudySpec parse(String study) {
        return StudyReader.parse(spec(study), "study.yaml", "fallback");
    }

    @Test
    void eachValueIsTheSpecWithThatKeySetAndThePointsOfTwoAxesThatCoincideRunOnce() {
        StudySpec study = parse("""
                study:
                  - vary: task.train_size
                    values: [32, 64, 128]
                  - vary: task.seed
                    values: [1, 8]
                    with:
                      lora.ranks: [[4, 1, 2], [1, 4]]
                """);
        assertThat(study.name()).isEqualTo("tiny");
        assertThat(study.axes()).extracting(StudyAxis::key).containsExactly("task.train_size", "task.seed");
        assertThat(study.axes().get(0).values()).containsExactly(32.0, 64.0, 128.0);
        // task.seed 1 with ranks [4, 1, 2] is the spec itself, which is train_size 64: one experiment, not two
        assertThat(study.axes().get(1).points()).containsExactly("train_size-64", "seed-8");
        assertThat(study.points()).extracting(StudyPoint::label)
                .containsExactly("train_size-32", "train_size-64", "train_size-128", "seed-8");
        StudyPoint small = study.point("train_size-32");
        assertThat(((PlantedRankConfig) small.spec().task()).trainSize()).isEqualTo(32);
        assertThat(small.spec().name()).isEqualTo("tiny.train_size-32");
        assertThat(small.spec().description()).isEqualTo("a tiny study (task.train_size = 32)");
        StudyPoint seed8 = study.point("seed-8");
        assertThat(seed8.spec().task().seed()).isEqualTo(8);
        assertThat(seed8.spec().lora().ranks()).containsExactly(1, 4);
        assertThat(((PlantedRankConfig) seed8.spec().task()).trainSize()).isEqualTo(64);
        // the kept text reads back as the same experiment, so that shards merge without the study file
        assertThat(SpecReader.parse(seed8.specText(), "copy", "x").canonicalText()).isEqualTo(seed8.spec().canonicalText());
        assertThat(study.pointsOf(study.axes().get(1))).extracting(StudyPoint::label).containsExactly("train_size-64", "seed-8");
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
