package org.loralab.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.data.FortuneCorpus;
import org.loralab.nn.TransformerConfig;
import org.loralab.train.AdamConfig;
import org.loralab.train.LearningRateSchedule;
import org.loralab.train.TrainConfig;
import org.nd4j.linalg.api.buffer.DataType;

class CharLmTransferTaskTest {
    @TempDir
    Path dir;
    private Path english;
    private Path german;

    /** Two tiny "languages" of fortunes with a clear structure: a model that learns it beats a unigram model. */
    @BeforeEach
    void corpora() throws Exception {
        english = Files.createDirectories(dir.resolve("en"));
        german = Files.createDirectories(dir.resolve("de"));
        write(english, "the cat sat on the mat. ");
        write(german, "die katze sass auf der matte. ");
    }

    private static void write(Path folder, String sentence) throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            entries.add(sentence.repeat(1 + i % 3).strip());
        }
        Files.writeString(folder.resolve("fortunes"), String.join("\n%\n", entries) + "\n");
        Files.writeString(folder.resolve("fortunes.dat"), "");
    }

    private CharLmTransferConfig config(int sourceChars) {
        int vocab = CharLmTransferConfig.tokenizer(FortuneCorpus.read(english), FortuneCorpus.read(german), 1).vocabSize();
        TrainConfig pretrain = new TrainConfig(6, 8, new AdamConfig(3e-3, 0.9, 0.999, 1e-8, 0, false),
                LearningRateSchedule.CONSTANT, 0);
        return new CharLmTransferConfig(english, german, 16, 16, 1, 2, 1, vocab, 0.2, 0.2, sourceChars, 1500, 300, 300, pretrain, 7);
    }

    @Test
    void pretrainingLearnsTheSourceLanguageAndTheBaseIsCachedAndReused() throws Exception {
        CharLmTransferConfig c = config(2000);
        Task task = c.build(DataType.FLOAT, dir.resolve("cache"));
        assertThat(c.model()).isEqualTo(new TransformerConfig(c.vocabSize(), 16, 16, 1, 2, 64));
        assertThat(task.train().inputs().shape()).containsExactly(1500 / 16, 16);
        assertThat(task.test().inputs().shape()).containsExactly(300 / 16, 16);
        // the notes carry the measured bits per character: model well below the unigram baseline on held-out English
        String note = task.notes().get(0);
        double model = Double.parseDouble(note.replaceAll(".*: ([0-9.]+) bits per character.*", "$1"));
        double unigram = Double.parseDouble(note.replaceAll(".*training text: ([0-9.]+)\\)\\.", "$1"));
        assertThat(model).as(note).isLessThan(0.7 * unigram);
        assertThat(task.metric(task.baseModel(), task.test())).isNegative();
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.toList()).hasSize(1);
        }
        Task again = c.build(DataType.FLOAT, dir.resolve("cache"));
        assertThat(again.baseModel().state()).isEqualTo(task.baseModel().state());
        assertThat(again.notes()).isEqualTo(task.notes());
    }

    /**
     * Forgetting's source sets: held-out text of the pretraining language, the test windows after the validation ones;
     * the base model's source metric on validation is minus the bits per character its note reports.
     */
    @Test
    void theSourceTaskIsHeldOutTextOfThePretrainingLanguage() {
        Task task = config(2000).build(DataType.FLOAT, dir.resolve("cache"));
        SourceTask source = task.source().orElseThrow();
        assertThat(source.validation().inputs().shape()).containsExactly(300 / 16, 16);
        assertThat(source.test().inputs().shape()).containsExactly(300 / 16, 16);
        assertThat(source.test().inputs()).isNotEqualTo(source.validation().inputs());
        double noted = Double.parseDouble(task.notes().get(0).replaceAll(".*: ([0-9.]+) bits per character.*", "$1"));
        assertThat(source.metric(task.baseModel(), source.validation())).isCloseTo(-noted, within(5e-4));
        // the metric is the model's, not the base's: a model trained on the target language differs
        assertThat(source.metric(task.baseModel(), source.test())).isNegative();
    }

    @Test
    void askingForMoreTextThanTheCorpusHoldsIsBadInput() {
        assertThatThrownBy(() -> config(1_000_000).build(DataType.FLOAT, null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("task.source_chars: 1000000 exceeds the");
    }

    @Test
    void summaryNamesTheCorporaAndTheSplit() {
        assertThat(config(2000).summary()).contains(english.toString(), german.toString(), "60/20/20")
                .doesNotContain(String.format(Locale.ROOT, "%s", "null"));
    }
}
