package org.loralab.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.loralab.BadInputException;
import org.loralab.Numbers;
import org.loralab.data.CharTokenizer;
import org.loralab.data.Dataset;
import org.loralab.data.FortuneCorpus;
import org.loralab.data.TokenWindows;
import org.loralab.format.DType;
import org.loralab.io.Hashes;
import org.loralab.nn.Model;
import org.loralab.nn.ModelFiles;
import org.loralab.nn.RandomArrays;
import org.loralab.train.Loss;
import org.loralab.train.NextTokenCrossEntropy;
import org.loralab.train.Trainer;
import org.loralab.train.TrainingProgress;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The built {@link CharLmTransferConfig} task: the pretrained transformer, the new language's training and validation
 * windows, and what was measured about the base model.
 */
record CharLmTransferTask(Model base, Dataset train, Dataset validation, Dataset test, List<String> notes,
                          PretrainingText pretrainingText) implements Task {
    private static final Loss LOSS = new NextTokenCrossEntropy();
    private static final int EVAL_SEQUENCES = 128; // bounds the attention scores held at once

    static CharLmTransferTask build(CharLmTransferConfig c, DataType dtype, Path cacheDir,
                                    java.util.function.Consumer<String> progress) {
        List<String> source = FortuneCorpus.read(c.sourceDir());
        List<String> target = FortuneCorpus.read(c.targetDir());
        CharTokenizer tokenizer = CharLmTransferConfig.tokenizer(source, target, c.minCount());
        if (tokenizer.vocabSize() != c.vocabSize()) {
            throw new BadInputException("charlm-transfer: the corpora now give " + tokenizer.vocabSize()
                    + " tokens, not the spec's " + c.vocabSize() + "; read the spec again");
        }
        SplittableRandom rng = new SplittableRandom(c.seed());
        String[] sourceText = split(source, new double[] {c.validationFraction()}, rng);
        String[] targetText = split(target, new double[] {c.validationFraction(), c.testFraction()}, rng);
        int length = c.contextLength();
        Dataset sourceTrain = windows(tokenizer, sourceText[0], c.sourceChars(), length, dtype, "source_chars");
        Dataset sourceValidation = windows(tokenizer, sourceText[1], c.validationChars(), length, dtype, "validation_chars");
        // forgetting's test text: the held-out source characters after the validation windows' (disjoint from them)
        Dataset sourceTest = windows(tokenizer, sourceText[1].substring(c.validationChars() + 1), c.testChars(), length,
                dtype, "validation_chars + test_chars");
        Dataset targetTrain = windows(tokenizer, targetText[0], c.targetChars(), length, dtype, "target_chars");
        Dataset targetValidation = windows(tokenizer, targetText[1], c.validationChars(), length, dtype, "validation_chars");
        Dataset targetTest = windows(tokenizer, targetText[2], c.testChars(), length, dtype, "test_chars");
        long initSeed = rng.nextLong();
        long orderSeed = rng.nextLong();
        Model base = pretrainedBase(c, dtype, cacheDir, sourceTrain, tokenizer, initSeed, orderSeed, progress);
        progress.accept("measuring the base model's bits per character");
        List<String> notes = List.of(
                String.format(Locale.ROOT, "Base model on held-out text of the pretraining language: %.3f bits per character"
                                + " (a unigram model of its training text: %.3f).", bitsPerChar(base, sourceValidation),
                        unigramBits(sourceTrain, sourceValidation, tokenizer.vocabSize())),
                String.format(Locale.ROOT, "Base model on held-out text of the new language, before fine-tuning: %.3f bits"
                                + " per character (a unigram model of its training text: %.3f).", bitsPerChar(base, targetValidation),
                        unigramBits(targetTrain, targetValidation, tokenizer.vocabSize())),
                "Vocabulary: " + tokenizer.vocabSize() + " tokens (characters occurring at least " + c.minCount()
                        + " times in both corpora, and one for every other character).");
        return new CharLmTransferTask(base, targetTrain, targetValidation, targetTest, notes,
                new PretrainingText(sourceValidation, sourceTest));
    }

    /**
     * The base model: the pretraining run's weights at {@code c.baseEpochs()}. The run is named by its settings without
     * the snapshot fields, so every point of one run shares its files: the end in {@code charlm-base-<hash>.safetensors}
     * (the name of runs without snapshots), each snapshot beside it with {@code -epochs-<e>}. A run whose point is not
     * in the cache pretrains once and keeps every snapshot the spec lists.
     */
    private static Model pretrainedBase(CharLmTransferConfig c, DataType dtype, Path cacheDir, Dataset sourceTrain,
                                        CharTokenizer tokenizer, long initSeed, long orderSeed,
                                        java.util.function.Consumer<String> progress) {
        String run = cacheDir == null ? null : "charlm-base-" + Hashes.sha256Hex(c.pretrainingRun() + " " + dtype + " "
                + tokenizer.vocabulary()).substring(0, 16);
        java.util.function.DoubleFunction<Path> file = epochs -> run == null ? null : cacheDir.resolve(run
                + (epochs == c.pretrain().epochs() ? "" : "-epochs-" + Numbers.compact(epochs)) + ".safetensors");
        Path wanted = file.apply(c.baseEpochs());
        if (wanted != null && java.nio.file.Files.isRegularFile(wanted)) {
            return ModelFiles.load(wanted, dtype);
        }
        Model model = c.model().initialize(dtype, initSeed);
        long stepsPerEpoch = c.pretrain().totalSteps(sourceTrain.size()) / c.pretrain().epochs();
        Map<Long, List<Double>> snapshotsByStep = new java.util.TreeMap<>();
        c.pretrainSnapshots().forEach(e -> snapshotsByStep.computeIfAbsent(Math.round(e * stepsPerEpoch),
                k -> new ArrayList<>()).add(e));
        Model[] kept = new Model[1];
        java.util.function.LongConsumer snapshot = step -> snapshotsByStep.getOrDefault(step, List.of()).forEach(e -> {
            if (file.apply(e) != null) {
                ModelFiles.save(model, file.apply(e), dtype == DataType.DOUBLE ? DType.F64 : DType.F32);
            }
            if (e == c.baseEpochs()) {
                kept[0] = model.copy();
            }
        });
        snapshot.accept(0);
        progress.accept("pretraining the base model on " + sourceTrain.size() + " windows of " + c.sourceDir()
                + " (once; kept for later runs" + (c.pretrainSnapshots().isEmpty() ? "" : ", with snapshots after "
                + c.pretrainSnapshots().stream().map(Numbers::compact).toList() + " epochs") + ")");
        TrainingProgress lines = TrainingProgress.lines("pretraining", progress);
        TrainingProgress withSnapshots = new TrainingProgress() {
            @Override
            public void epochFinished(int epoch, int epochs, double loss) {
                lines.epochFinished(epoch, epochs, loss);
            }

            @Override
            public void stepFinished(long step) {
                snapshot.accept(step);
            }
        };
        if (Trainer.train(model, sourceTrain, c.pretrain().withSeed(orderSeed), LOSS, withSnapshots).diverged()) {
            throw new BadInputException("charlm-transfer: pretraining diverged (NaN or Inf loss); lower its learning rate");
        }
        Path end = file.apply(c.pretrain().epochs());
        if (end != null) {
            ModelFiles.save(model, end, dtype == DataType.DOUBLE ? DType.F64 : DType.F32);
        }
        return c.baseIsEnd() ? model : kept[0];
    }

    /** Forgetting of a language model: bits per character on held-out text of the language it was pretrained on. */
    record PretrainingText(Dataset validation, Dataset test) implements SourceTask {
        @Override
        public double metric(Model fineTuned, Dataset data) {
            return -bitsPerChar(fineTuned, data);
        }
    }

    @Override
    public java.util.Optional<SourceTask> source() {
        return java.util.Optional.of(pretrainingText);
    }

    /**
     * Entries in a seeded order, cut into training text and one held-out text per fraction (each its share of the
     * entries, the training text the rest), entries joined by blank lines.
     */
    private static String[] split(List<String> entries, double[] heldOutFractions, SplittableRandom rng) {
        int[] order = RandomArrays.permutation(rng, entries.size());
        int[] ends = new int[heldOutFractions.length + 1];
        double heldOut = java.util.Arrays.stream(heldOutFractions).sum();
        ends[0] = (int) Math.round(entries.size() * (1 - heldOut));
        for (int i = 0; i < heldOutFractions.length; i++) {
            ends[i + 1] = i == heldOutFractions.length - 1 ? entries.size()
                    : ends[i] + (int) Math.round(entries.size() * heldOutFractions[i]);
        }
        String[] texts = new String[ends.length];
        int from = 0;
        for (int part = 0; part < ends.length; part++) {
            List<String> chosen = new ArrayList<>();
            for (int i = from; i < ends[part]; i++) {
                chosen.add(entries.get(order[i]));
            }
            texts[part] = String.join("\n\n", chosen);
            from = ends[part];
        }
        return texts;
    }

    private static Dataset windows(CharTokenizer tokenizer, String text, int chars, int length, DataType dtype, String key) {
        int[] tokens = tokenizer.encode(text);
        if (tokens.length < chars + 1) {
            throw new BadInputException("task." + key + ": " + chars + " exceeds the " + (tokens.length - 1)
                    + " characters this corpus offers");
        }
        return TokenWindows.of(Arrays.copyOf(tokens, chars + 1), length, dtype);
    }

    /** Validation bits per character of {@code model}: its mean next-token loss in bits. */
    private static double bitsPerChar(Model model, Dataset data) {
        return NextTokenCrossEntropy.bits(Trainer.evaluate(model, data, LOSS, EVAL_SEQUENCES));
    }

    /** Bits per character of a unigram model of the training targets (add-one smoothing) on the validation targets. */
    static double unigramBits(Dataset train, Dataset validation, int vocabSize) {
        double[] counts = new double[vocabSize];
        Arrays.fill(counts, 1);
        int[] seen = train.targets().dup('c').data().asInt();
        for (int t : seen) {
            counts[t]++;
        }
        double total = seen.length + vocabSize;
        double bits = 0;
        int[] held = validation.targets().dup('c').data().asInt();
        for (int t : held) {
            bits -= Math.log(counts[t] / total) / Math.log(2);
        }
        return bits / held.length;
    }

    @Override
    public Model baseModel() {
        return base.copy();
    }

    @Override
    public Loss loss() {
        return LOSS;
    }

    @Override
    public double meanLoss(Model model, Dataset data) {
        return Trainer.evaluate(model, data, LOSS, EVAL_SEQUENCES);
    }

    @Override
    public double metric(Model model, Dataset data) {
        return -bitsPerChar(model, data);
    }

    /** Minus each text window's bits per character. */
    @Override
    public double[] exampleMetrics(Model model, Dataset data) {
        return Trainer.exampleLosses(model, data, LOSS, EVAL_SEQUENCES).map(nats -> -NextTokenCrossEntropy.bits(nats)).toArray();
    }

    @Override
    public Map<String, DMatrixRMaj> plantedUpdates() {
        return Map.of();
    }
}
