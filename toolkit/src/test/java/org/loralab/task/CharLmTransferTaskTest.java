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

    private CharLmTransferConfig withPretraining(CharLmTransferConfig c, int epochs, List<Double> snapshots, double base) {
        TrainConfig p = c.pretrain().withEpochs(epochs);
        return new CharLmTransferConfig(c.sourceDir(), c.targetDir(), c.contextLength(), c.width(), c.layers(), c.heads(),
                c.minCount(), c.vocabSize(), c.validationFraction(), c.testFraction(), c.sourceChars(), c.targetChars(),
                c.validationChars(), c.testChars(), p, c.seed(), snapshots, base);
    }

    /**
     * A snapshot after 1 of 2 epochs at a constant learning rate is the end of a 1-epoch run (same order, same Adam
     * state): an independent run, not the snapshot code, gives the expected weights. Snapshot 0 is the initialisation,
     * which a run without pretraining epochs would have; every point shares one pretraining run's files.
     */
    @Test
    void aSnapshotOfThePretrainingRunIsTheModelAtThatStep() throws Exception {
        CharLmTransferConfig plain = config(2000);
        Path cache = dir.resolve("cache");
        Task oneEpoch = withPretraining(plain, 1, List.of(), 1).build(DataType.FLOAT, dir.resolve("other"));
        Task atOne = withPretraining(plain, 2, List.of(0.0, 1.0), 1).build(DataType.FLOAT, cache);
        assertThat(atOne.baseModel().state()).isEqualTo(oneEpoch.baseModel().state());
        try (var files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("^charlm-base-[0-9a-f]+", "")).sorted())
                    .containsExactlyInAnyOrder(".safetensors", "-epochs-0.safetensors", "-epochs-1.safetensors");
        }
        Task end = withPretraining(plain, 2, List.of(0.0, 1.0), 2).build(DataType.FLOAT, cache);
        Task endWithoutSnapshots = withPretraining(plain, 2, List.of(), 2).build(DataType.FLOAT, dir.resolve("third"));
        assertThat(end.baseModel().state()).isEqualTo(endWithoutSnapshots.baseModel().state());
        assertThat(end.baseModel().state()).isNotEqualTo(atOne.baseModel().state());
        Task init = withPretraining(plain, 2, List.of(0.0, 1.0), 0).build(DataType.FLOAT, cache);
        assertThat(init.metric(init.baseModel(), init.validation())).isLessThan(atOne.metric(atOne.baseModel(),
                atOne.validation()));
    }

    /** With no snapshot fields set, the text that fingerprints a spec and names its cached base is the former one. */
    @Test
    void theRecordTextWithoutSnapshotsIsTheFormerOne() {
        TrainConfig p = new TrainConfig(2, 32, new AdamConfig(0.002, 0.9, 0.999, 1e-8, 0.0, false),
                LearningRateSchedule.COSINE, 0L);
        CharLmTransferConfig c = new CharLmTransferConfig(Path.of("/a"), Path.of("/b"), 64, 128, 2, 4, 20, 90, 0.1, 0.1,
                1500000, 200000, 100000, 100000, p, 5);
        assertThat(c).hasToString("CharLmTransferConfig[sourceDir=/a, targetDir=/b, contextLength=64, width=128, layers=2, "
                + "heads=4, minCount=20, vocabSize=90, validationFraction=0.1, testFraction=0.1, sourceChars=1500000, "
                + "targetChars=200000, validationChars=100000, testChars=100000, pretrain=TrainConfig[epochs=2, batchSize=32, "
                + "optimizer=AdamConfig[learningRate=0.002, beta1=0.9, beta2=0.999, epsilon=1.0E-8, weightDecay=0.0, "
                + "decoupled=false], schedule=COSINE, seed=0, patience=0], seed=5]");
        CharLmTransferConfig early = new CharLmTransferConfig(Path.of("/a"), Path.of("/b"), 64, 128, 2, 4, 20, 90, 0.1,
                0.1, 1500000, 200000, 100000, 100000, p, 5, List.of(0.5), 0.5);
        assertThat(early.toString()).endsWith(", seed=5, pretrainSnapshots=[0.5], baseEpochs=0.5]");
        assertThat(early.summary()).contains("after 0.5 of its 2 epochs");
    }

    @Test
    void aBasePointOutsideTheSnapshotsIsRefused() {
        CharLmTransferConfig plain = config(2000);
        assertThatThrownBy(() -> withPretraining(plain, 2, List.of(0.5), 1))
                .hasMessageContaining("base_epochs must be pretrain.epochs (2) or one of pretrain_snapshots [0.5], got 1");
        assertThatThrownBy(() -> withPretraining(plain, 2, List.of(3.0), 2))
                .hasMessageContaining("pretrain_snapshots must lie in [0, pretrain.epochs = 2], got 3");
        assertThatThrownBy(() -> withPretraining(plain, 2, List.of(1.0, 1.0), 2))
                .hasMessageContaining("must be distinct");
    }
}
