package org.loralab.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 */
public record CharLmTransferConfig(Path sourceDir, Path targetDir, int contextLength, int width, int layers, int heads,
                                   int minCount, int vocabSize, double validationFraction, double testFraction,
                                   int sourceChars, int targetChars, int validationChars, int testChars,
                                   TrainConfig pretrain, long seed) implements TaskConfig {

    @Override
    public CharLmTransferConfig withSeed(long newSeed) {
        return new CharLmTransferConfig(sourceDir, targetDir, contextLength, width, layers, heads, minCount, vocabSize,
                validationFraction, testFraction, sourceChars, targetChars, validationChars, testChars, pretrain, newSeed);
    }

    public CharLmTransferConfig {
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
                + contextLength + " characters; seed " + seed + ".";
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
