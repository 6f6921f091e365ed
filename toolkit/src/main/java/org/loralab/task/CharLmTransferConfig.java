package org.loralab.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loralab.Numbers;
import org.loralab.data.CharTokenizer;
import org.loralab.nn.TransformerConfig;
import org.loralab.train.TrainConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Language transfer with a character-level transformer: pretrained on English text, fine-tuned on another language.
 * Both corpora are fortune files from Debian packages, split by entry: the pretraining language into training and
 * validation text, the new language into training, validation and test text (no entry in two of them); the
 * tokenizer's characters are those that occur at least {@code minCount} times in both corpora together. Metric: minus
 * the test bits per character of the new language.
 *
 * @param sourceDir          fortune folder of the pretraining language (English: Debian's {@code fortunes})
 * @param targetDir          fortune folder of the fine-tuning language (German: {@code fortunes-de})
 * @param contextLength      characters per training window
 * @param width              features per position
 * @param layers             transformer blocks
 * @param heads              attention heads per block
 * @param minCount           a character enters the vocabulary when it occurs this often in both corpora together
 * @param vocabSize          the tokenizer's size for these corpora and {@code minCount} ({@link #tokenizer})
 * @param validationFraction share of each corpus's entries held out for validation, in (0, 1)
 * @param testFraction       share of the new language's entries held out for test, in (0, 1 - validationFraction)
 * @param sourceChars        pretraining characters used (at most; entries in a seeded order)
 * @param targetChars        fine-tuning characters used (at most)
 * @param validationChars    validation characters of each language (at most)
 * @param testChars          test characters of the new language (at most)
 * @param pretrain           training of the pretraining language (all parameters)
 * @param seed               seeds the split, the entry order and the initial weights
 * @param pretrainSnapshots  points of the pretraining run, in epochs (0: the random initialisation; fractions allowed),
 *                           whose weights it keeps beside its end, so that each can be a base model without pretraining
 *                           again; empty: only the end
 * @param baseEpochs         the point of the pretraining run taken as the base model: its end ({@code pretrain.epochs})
 *                           or one of {@code pretrainSnapshots}
 */
public record CharLmTransferConfig(Path sourceDir, Path targetDir, int contextLength, int width, int layers, int heads,
                                   int minCount, int vocabSize, double validationFraction, double testFraction,
                                   int sourceChars, int targetChars, int validationChars, int testChars,
                                   TrainConfig pretrain, long seed, List<Double> pretrainSnapshots,
                                   double baseEpochs) implements TaskConfig {

    /** A task whose base model is the end of its pretraining. */
    public CharLmTransferConfig(Path sourceDir, Path targetDir, int contextLength, int width, int layers, int heads,
                                int minCount, int vocabSize, double validationFraction, double testFraction,
                                int sourceChars, int targetChars, int validationChars, int testChars,
                                TrainConfig pretrain, long seed) {
        this(sourceDir, targetDir, contextLength, width, layers, heads, minCount, vocabSize, validationFraction,
                testFraction, sourceChars, targetChars, validationChars, testChars, pretrain, seed, List.of(),
                pretrain.epochs());
    }

    @Override
    public CharLmTransferConfig withSeed(long newSeed) {
        return new CharLmTransferConfig(sourceDir, targetDir, contextLength, width, layers, heads, minCount, vocabSize,
                validationFraction, testFraction, sourceChars, targetChars, validationChars, testChars, pretrain, newSeed,
                pretrainSnapshots, baseEpochs);
    }

    /** The same task with the end of its pretraining as the base model and no snapshots: what names the pretraining run. */
    CharLmTransferConfig pretrainingRun() {
        return new CharLmTransferConfig(sourceDir, targetDir, contextLength, width, layers, heads, minCount, vocabSize,
                validationFraction, testFraction, sourceChars, targetChars, validationChars, testChars, pretrain, seed);
    }

    /** Whether the base model is the end of the pretraining run. */
    public boolean baseIsEnd() {
        return baseEpochs == pretrain.epochs();
    }

    public CharLmTransferConfig {
        pretrainSnapshots = List.copyOf(pretrainSnapshots);
        for (double e : pretrainSnapshots) {
            if (!(e >= 0 && e <= pretrain.epochs())) {
                throw new IllegalArgumentException("pretrain_snapshots must lie in [0, pretrain.epochs = " + pretrain.epochs()
                        + "], got " + Numbers.compact(e));
            }
        }
        if (new java.util.HashSet<>(pretrainSnapshots).size() != pretrainSnapshots.size()) {
            throw new IllegalArgumentException("pretrain_snapshots must be distinct, got " + pretrainSnapshots);
        }
        if (baseEpochs != pretrain.epochs() && !pretrainSnapshots.contains(baseEpochs)) {
            throw new IllegalArgumentException("base_epochs must be pretrain.epochs (" + pretrain.epochs() + ") or one of "
                    + "pretrain_snapshots " + pretrainSnapshots.stream().map(Numbers::compact).toList() + ", got "
                    + Numbers.compact(baseEpochs));
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation_fraction must be in (0, 1), got " + validationFraction);
        }
        if (!(testFraction > 0 && testFraction < 1 - validationFraction)) {
            throw new IllegalArgumentException("test_fraction must be in (0, 1 - validation_fraction), got " + testFraction);
        }
        if (sourceChars <= contextLength || targetChars <= contextLength || validationChars <= contextLength
                || testChars <= contextLength) {
            throw new IllegalArgumentException("source_chars, target_chars, validation_chars and test_chars must each exceed"
                    + " the context length " + contextLength + ", got " + sourceChars + ", " + targetChars + ", "
                    + validationChars + ", " + testChars);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("min_count must be >= 1, got " + minCount);
        }
        new TransformerConfig(vocabSize, contextLength, width, layers, heads, 4 * width); // its own checks
    }

    /** The tokenizer of these corpora: characters occurring at least {@code minCount} times in both together. */
    public static CharTokenizer tokenizer(List<String> source, List<String> target, int minCount) {
        List<String> all = new ArrayList<>(source);
        all.addAll(target);
        return CharTokenizer.fit(all, minCount);
    }

    /**
     * The record's text, which fingerprints and the pretraining cache hash; without the two pretraining-point fields when
     * they are at their defaults, so that specs written before them keep their stored jobs and pretrained base.
     */
    @Override
    public String toString() {
        return "CharLmTransferConfig[sourceDir=" + sourceDir + ", targetDir=" + targetDir + ", contextLength=" + contextLength
                + ", width=" + width + ", layers=" + layers + ", heads=" + heads + ", minCount=" + minCount + ", vocabSize="
                + vocabSize + ", validationFraction=" + validationFraction + ", testFraction=" + testFraction
                + ", sourceChars=" + sourceChars + ", targetChars=" + targetChars + ", validationChars=" + validationChars
                + ", testChars=" + testChars + ", pretrain=" + pretrain + ", seed=" + seed
                + (pretrainSnapshots.isEmpty() && baseIsEnd() ? ""
                : ", pretrainSnapshots=" + pretrainSnapshots + ", baseEpochs=" + baseEpochs) + "]";
    }

    @Override
    public TransformerConfig model() {
        return new TransformerConfig(vocabSize, contextLength, width, layers, heads, 4 * width);
    }

    @Override
    public Task build(DataType dtype, Path cacheDir, java.util.function.Consumer<String> progress) {
        return CharLmTransferTask.build(this, dtype, cacheDir, progress);
    }

    @Override
    public String summary() {
        return "character-level language transfer: a transformer pretrained on " + sourceChars + " characters of fortunes from `"
                + sourceDir + "` (the base model), fine-tuned on " + targetChars + " characters from `" + targetDir + "`; "
                + "the new language's entries split " + Math.round(100 * (1 - validationFraction - testFraction)) + "/"
                + Math.round(100 * validationFraction) + "/" + Math.round(100 * testFraction) + " into training, validation and "
                + "test text (" + validationChars + " validation and " + testChars + " test characters), windows of "
                + contextLength + " characters; seed " + seed + "." + (baseIsEnd() ? "" : " The base model is the pretraining run's"
                + " weights after " + Numbers.compact(baseEpochs) + " of its " + pretrain.epochs() + " epochs (its learning-rate"
                + " schedule spans all " + pretrain.epochs() + ").");
    }

    @Override
    public java.util.Optional<String> sourceMetricName() {
        return java.util.Optional.of("minus the test bits per character of the pretraining language");
    }

    @Override
    public java.util.Optional<String> sourceMetricSummary() {
        return java.util.Optional.of("minus the bits per character on held-out text of the pretraining language (`"
                + sourceDir + "`: " + validationChars + " characters for validation, the next " + testChars + " for test)");
    }

    @Override
    public String metricName() {
        return "minus the test bits per character of the new language";
    }
}
