package org.loralab.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.loralab.BadInputException;
import org.loralab.data.Dataset;
import org.loralab.data.FashionMnist;
import org.loralab.io.Hashes;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Model;
import org.loralab.nn.ModelFiles;
import org.loralab.nn.RandomArrays;
import org.loralab.train.Loss;
import org.loralab.train.SoftmaxCrossEntropy;
import org.loralab.train.Trainer;
import org.loralab.train.TrainingProgress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The task of {@link FashionTransferConfig}: target-class data with one-hot labels, and the pretrained-and-probed
 * base (never handed out itself: {@link #baseModel} copies it).
 */
record FashionTransferTask(Model base, Dataset train, Dataset validation, Dataset test, SourceClasses sourceClasses)
        implements Task {
    private static final Loss LOSS = new SoftmaxCrossEntropy();

    static FashionTransferTask build(FashionTransferConfig c, DataType dtype, Path cacheDir,
                                     java.util.function.Consumer<String> progress) {
        FashionMnist.Split trainSplit = FashionMnist.train(c.dataDir());
        FashionMnist.Split testSplit = FashionMnist.test(c.dataDir());
        SplittableRandom rng = new SplittableRandom(c.seed());
        // the source validation images follow the pretraining images in the same seeded order (disjoint from them)
        Dataset[] source = select(trainSplit, c.sourceClasses(), new int[] {c.trainSize(), c.validationSize()},
                "train_size + validation_size", rng, dtype);
        // validation images follow the training images in the same seeded order: disjoint, and the training images are
        // those of specs written before there was a validation set
        Dataset[] target = select(trainSplit, c.targetClasses(), new int[] {c.trainSize(), c.validationSize()},
                "train_size + validation_size", rng, dtype);
        Dataset targetTest = select(testSplit, c.targetClasses(), new int[] {c.testSize()}, "test_size", rng, dtype)[0];
        long pretrainSeed = rng.nextLong();
        long headSeed = rng.nextLong();
        Dataset sourceTest = select(testSplit, c.sourceClasses(), new int[] {c.testSize()}, "test_size", rng, dtype)[0];
        String key = key(c, dtype);
        Model pretrained = ModelFiles.loadOrBuild(cacheDir == null ? null
                : cacheDir.resolve("fashion-source-" + key + ".safetensors"), dtype, () -> pretrain(c, dtype, source[0],
                pretrainSeed, progress));
        Model base = ModelFiles.loadOrBuild(cacheDir == null ? null : cacheDir.resolve("fashion-base-" + key + ".safetensors"),
                dtype, () -> probe(c, dtype, pretrained, target[0], headSeed, progress));
        return new FashionTransferTask(base, target[0], target[1], targetTest, new SourceClasses(source[1], sourceTest,
                pretrained));
    }

    /** The pretrained model: every layer trained on the source classes. */
    private static Mlp pretrain(FashionTransferConfig c, DataType dtype, Dataset source, long seed,
                                java.util.function.Consumer<String> progress) {
        Mlp pretrained = Mlp.initialize(c.sourceModel(), dtype, seed);
        progress.accept("pretraining on classes " + c.sourceClasses() + " (once; kept for later runs)");
        requireConverged(Trainer.train(pretrained, source, c.pretrain().withSeed(seed), LOSS,
                TrainingProgress.lines("pretraining", progress)).diverged(), "pretraining");
        return pretrained;
    }

    /** The base model: the pretrained features and a fresh head fitted on the target classes with the features frozen. */
    private static Mlp probe(FashionTransferConfig c, DataType dtype, Model pretrained, Dataset target, long headSeed,
                             java.util.function.Consumer<String> progress) {
        Mlp model = Mlp.initialize(c.model(), dtype, headSeed);
        for (String name : model.modules().keySet()) {
            if (!name.equals(MlpConfig.HEAD)) {
                model.module(name).base().weight().value().assign(pretrained.module(name).base().weight().value());
                model.module(name).base().bias().value().assign(pretrained.module(name).base().bias().value());
            }
        }
        model.setBaseTrainable(false);
        model.module(MlpConfig.HEAD).base().setTrainable(true);
        requireConverged(Trainer.train(model, target, c.probe().withSeed(headSeed), LOSS,
                TrainingProgress.lines("linear probe", progress)).diverged(), "the linear probe");
        model.setBaseTrainable(true);
        return model;
    }

    /**
     * Forgetting of the image features: source-class accuracy of the pretrained model with its hidden layers replaced by
     * the fine-tuned model's (adapters merged), its source head kept.
     */
    record SourceClasses(Dataset validation, Dataset test, Model pretrained) implements SourceTask {
        @Override
        public double metric(Model fineTuned, Dataset data) {
            Model probe = pretrained.copy();
            Map<String, INDArray> tuned = fineTuned.weights();
            for (String name : probe.modules().keySet()) {
                if (!name.equals(MlpConfig.HEAD)) {
                    probe.module(name).base().weight().value().assign(tuned.get(name));
                    probe.module(name).base().bias().value().assign(fineTuned.module(name).base().bias().value());
                }
            }
            return SoftmaxCrossEntropy.accuracy(probe.forward(data.inputs(), false), data.targets());
        }
    }

    @Override
    public java.util.Optional<SourceTask> source() {
        return java.util.Optional.of(sourceClasses);
    }

    private static void requireConverged(boolean diverged, String what) {
        if (diverged) {
            throw new BadInputException("fashion-mnist-transfer: " + what + " diverged (NaN or Inf loss); lower its learning rate");
        }
    }

    /**
     * Consecutive sets of {@code counts} images of {@code classes} from one seeded order (so disjoint), labels one-hot
     * over the classes' positions.
     */
    private static Dataset[] select(FashionMnist.Split split, List<Integer> classes, int[] counts, String key,
                                    SplittableRandom rng, DataType dtype) {
        int[] position = new int[FashionMnist.CLASSES];
        java.util.Arrays.fill(position, -1);
        for (int i = 0; i < classes.size(); i++) {
            position[classes.get(i)] = i;
        }
        int[] matching = java.util.stream.IntStream.range(0, split.count()).filter(i -> position[split.labels()[i]] >= 0)
                .toArray();
        int total = java.util.Arrays.stream(counts).sum();
        if (total > matching.length) {
            throw new BadInputException("task." + key + ": " + total + " exceeds the " + matching.length
                    + " images of classes " + classes + " in this split");
        }
        int[] order = RandomArrays.permutation(rng, matching.length);
        int features = split.features();
        Dataset[] sets = new Dataset[counts.length];
        int next = 0;
        for (int s = 0; s < counts.length; s++) {
            int count = counts[s];
            double[] inputs = new double[count * features];
            double[] targets = new double[count * classes.size()];
            for (int i = 0; i < count; i++) {
                int image = matching[order[next++]];
                System.arraycopy(split.pixels(), image * features, inputs, i * features, features);
                targets[i * classes.size() + position[split.labels()[image]]] = 1;
            }
            sets[s] = new Dataset(Nd4j.create(inputs, new long[] {count, features}, dtype),
                    Nd4j.create(targets, new long[] {count, classes.size()}, dtype));
        }
        return sets;
    }

    /** A short hash of everything that determines the base model. */
    private static String key(FashionTransferConfig c, DataType dtype) {
        return Hashes.sha256Hex(c + " " + dtype).substring(0, 16);
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
    public double metric(Model model, Dataset data) {
        return SoftmaxCrossEntropy.accuracy(model.forward(data.inputs(), false), data.targets());
    }

    /** 1 for each correctly classified image, 0 otherwise. */
    @Override
    public double[] exampleMetrics(Model model, Dataset data) {
        return SoftmaxCrossEntropy.correct(model.forward(data.inputs(), false), data.targets());
    }

    @Override
    public Map<String, DMatrixRMaj> plantedUpdates() {
        return Map.of();
    }
}
