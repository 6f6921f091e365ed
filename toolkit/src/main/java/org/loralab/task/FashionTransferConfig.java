package org.loralab.task;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.loralab.data.FashionMnist;
import org.loralab.nn.Activation;
import org.loralab.nn.MlpConfig;
import org.loralab.train.TrainConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Transfer on Fashion-MNIST: an MLP is pretrained to classify the source classes, its head is replaced by a
 * fresh one for the target classes and fitted with the features frozen (a linear probe); that is the base
 * model W0. Fine-tuning then adapts the whole network (full) or LoRA on the hidden layers with the head
 * trained in full ({@code modules_to_save}). Metric: test accuracy on the target classes.
 *
 * @param dataDir       folder of the four IDX files
 * @param sourceClasses classes of the pretraining task
 * @param targetClasses classes of the fine-tuning task (disjoint from the source classes)
 * @param hiddenSizes   widths of the hidden layers
 * @param activation    hidden activation
 * @param trainSize      target-task training images (taken in a seeded order); the same cap applies to pretraining
 * @param validationSize target-task validation images, from Fashion-MNIST's training file, disjoint from the training
 *                       images (they choose the learning rate and the stopping epoch)
 * @param testSize       target-task test images, from Fashion-MNIST's test file (they report)
 * @param pretrain      training of the source task (all modules)
 * @param probe         training of the new head on the target task (features frozen)
 * @param seed          seeds the example order and the initial weights
 */
public record FashionTransferConfig(Path dataDir, List<Integer> sourceClasses, List<Integer> targetClasses,
                                    List<Integer> hiddenSizes, Activation activation, int trainSize, int validationSize, int testSize,
                                    TrainConfig pretrain, TrainConfig probe, long seed) implements TaskConfig {

    private static final int PIXELS = 28 * 28;

    @Override
    public FashionTransferConfig withSeed(long newSeed) {
        return new FashionTransferConfig(dataDir, sourceClasses, targetClasses, hiddenSizes, activation, trainSize,
                validationSize, testSize, pretrain, probe, newSeed);
    }

    public FashionTransferConfig {
        sourceClasses = List.copyOf(sourceClasses);
        targetClasses = List.copyOf(targetClasses);
        hiddenSizes = List.copyOf(hiddenSizes);
        checkClasses("source_classes", sourceClasses);
        checkClasses("target_classes", targetClasses);
        Set<Integer> overlap = new HashSet<>(sourceClasses);
        overlap.retainAll(targetClasses);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("source_classes and target_classes share " + overlap + "; they must be disjoint");
        }
        if (trainSize < 1 || validationSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("train_size, validation_size and test_size must be >= 1, got " + trainSize
                    + ", " + validationSize + ", " + testSize);
        }
    }

    private static void checkClasses(String key, List<Integer> classes) {
        if (classes.size() < 2 || new HashSet<>(classes).size() != classes.size()
                || classes.stream().anyMatch(c -> c < 0 || c >= FashionMnist.CLASSES)) {
            throw new IllegalArgumentException(key + " must list at least 2 distinct classes in 0..9, got " + classes);
        }
    }

    @Override
    public MlpConfig model() {
        return new MlpConfig(PIXELS, hiddenSizes, targetClasses.size(), activation);
    }

    /** The pretraining model: the same features, a head over the source classes. */
    MlpConfig sourceModel() {
        return new MlpConfig(PIXELS, hiddenSizes, sourceClasses.size(), activation);
    }

    @Override
    public Task build(DataType dtype, Path cacheDir, java.util.function.Consumer<String> progress) {
        return FashionTransferTask.build(this, dtype, cacheDir, progress);
    }

    @Override
    public String summary() {
        return "Fashion-MNIST transfer: pretrain on classes " + sourceClasses + " (" + trainSize + " images), replace the head "
                + "and fit it with the features frozen (the base model), then fine-tune on classes " + targetClasses + " ("
                + trainSize + " training, " + validationSize + " validation and " + testSize + " test images) from `" + dataDir + "`; seed " + seed + ".";
    }

    @Override
    public java.util.Optional<String> sourceMetricName() {
        return java.util.Optional.of("test accuracy on the source classes");
    }

    @Override
    public java.util.Optional<String> sourceMetricSummary() {
        return java.util.Optional.of("accuracy on held-out images of the source classes " + sourceClasses + " through the "
                + "fine-tuned hidden layers (adapters merged) and the head kept from pretraining (" + validationSize
                + " validation images from the training file after the pretraining images, " + testSize
                + " test images from the test file)");
    }

    @Override
    public String metricName() {
        return "test accuracy on the target classes";
    }
}
