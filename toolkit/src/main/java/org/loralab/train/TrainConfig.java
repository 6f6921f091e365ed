package org.loralab.train;

import java.util.List;
import org.loralab.spec.SpecNode;

/**
 * How long and how to train.
 *
 * @param epochs    passes over the training set, >= 1; with {@code patience}, the most there may be
 * @param batchSize examples per step, >= 1 (the last batch of an epoch may be smaller)
 * @param optimizer Adam or AdamW settings
 * @param schedule  learning-rate schedule over all {@code epochs} (early stopping cuts it short, never stretches it)
 * @param seed      seeds the minibatch order (and dropout through the adapters' own seeds)
 * @param patience  early stopping: 0 trains every epoch; n > 0 measures the validation metric after each epoch, stops
 *                  after n epochs without a better one and keeps the weights of the best epoch
 */
public record TrainConfig(int epochs, int batchSize, AdamConfig optimizer, LearningRateSchedule schedule, long seed,
                          int patience) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
        }
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("optimizer and schedule must be set");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0: no early stopping), got " + patience);
        }
    }

    /** Settings without early stopping. */
    public TrainConfig(int epochs, int batchSize, AdamConfig optimizer, LearningRateSchedule schedule, long seed) {
        this(epochs, batchSize, optimizer, schedule, seed, 0);
    }

    /**
     * Reads the training settings under key {@code k} of {@code parent} (epochs, batch_size, learning_rate, optimizer,
     * weight_decay, schedule, patience); invalid values are errors naming the section.
     */
    public static TrainConfig read(SpecNode parent, String k) {
        SpecNode node = parent.child(k);
        TrainConfig config = parent.valid(node.path(), () -> read(node, node.number("learning_rate")));
        node.finish();
        return config;
    }

    /** Reads the training keys of {@code node} itself, with learning rate {@code lr} (read by the caller). */
    public static TrainConfig read(SpecNode node, double lr) {
        double decay = node.number("weight_decay", 0.0);
        String optimizer = node.text("optimizer", "adam");
        if (!List.of("adam", "adamw").contains(optimizer)) {
            throw node.error("optimizer must be adam or adamw, got '" + optimizer + "'");
        }
        AdamConfig adam = new AdamConfig(lr, 0.9, 0.999, 1e-8, decay, optimizer.equals("adamw"));
        LearningRateSchedule schedule = node.choice("schedule", LearningRateSchedule.CONSTANT, LearningRateSchedule.class);
        return new TrainConfig(node.integer("epochs"), node.integer("batch_size"), adam, schedule, 0L,
                node.integer("patience", 0));
    }

    /**
     * The training keys {@link #read(SpecNode, double)} reads, for the spec reference ({@code learning_rate} is the
     * caller's: one number, or in a method's section a list to search).
     */
    public static final List<org.loralab.spec.SpecKey> KEYS = List.of(
            org.loralab.spec.SpecKey.required("epochs", "integer >= 1", "passes over the training set (with patience: "
                    + "the most there may be; the protocol doubles it while the best epoch is the last)"),
            org.loralab.spec.SpecKey.required("batch_size", "integer >= 1", "examples per optimisation step"),
            org.loralab.spec.SpecKey.optional("optimizer", "adam | adamw", "adam", "Adam, or AdamW with decoupled weight decay"),
            org.loralab.spec.SpecKey.optional("weight_decay", "number >= 0", "0", "L2 penalty (adam) or decoupled decay (adamw)"),
            org.loralab.spec.SpecKey.optional("schedule", "constant | cosine | linear", "constant",
                    "the learning rate over the run's steps"),
            org.loralab.spec.SpecKey.optional("patience", "integer >= 0", "0", "early stopping: after this many epochs "
                    + "without a better validation metric, stop and keep the best epoch's weights; 0 trains every epoch"));

    /** Optimizer steps of a run over {@code examples} training examples. */
    public long totalSteps(int examples) {
        return (long) epochs * ((examples + batchSize - 1) / batchSize);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, optimizer, schedule, seed, patience);
    }

    public TrainConfig withSeed(long newSeed) {
        return new TrainConfig(epochs, batchSize, optimizer, schedule, newSeed, patience);
    }

    /** The same settings at learning rate {@code rate}. */
    public TrainConfig withLearningRate(double rate) {
        AdamConfig o = optimizer;
        return new TrainConfig(epochs, batchSize, new AdamConfig(rate, o.beta1(), o.beta2(), o.epsilon(), o.weightDecay(),
                o.decoupled()), schedule, seed, patience);
    }
}
