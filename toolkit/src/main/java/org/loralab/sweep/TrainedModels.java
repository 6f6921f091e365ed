package org.loralab.sweep;

import java.nio.file.Path;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.lora.LoraInjector;
import org.loralab.nn.Model;
import org.loralab.task.Task;
import org.loralab.train.Trainer;
import org.loralab.train.TrainingResult;

/**
 * Single models of an experiment's task, trained exactly as the sweep trains them, for analyses that need
 * the weights themselves (update comparisons in notebooks). Same spec and seed, same weights.
 */
public final class TrainedModels {
    /** The name of the LoRA adapter the sweep (and {@link #lora}) trains. */
    public static final String ADAPTER = "default";

    private final ExperimentSpec spec;
    private final Task task;

    TrainedModels(ExperimentSpec spec, Task task) {
        this.spec = spec;
        this.task = task;
    }

    /** Builds the spec's task (its data and base model); a pretrained base is kept under the temp folder. */
    public static TrainedModels of(ExperimentSpec spec) {
        return of(spec, Path.of(System.getProperty("java.io.tmpdir"), "loralab", "bases"));
    }

    /** Builds the spec's task, keeping a pretrained base (where the task has one) in {@code cacheDir}. */
    public static TrainedModels of(ExperimentSpec spec, Path cacheDir) {
        return of(spec, cacheDir, line -> { });
    }

    /** {@link #of(ExperimentSpec, Path)}, telling {@code progress} about each long step of building the task. */
    public static TrainedModels of(ExperimentSpec spec, Path cacheDir, java.util.function.Consumer<String> progress) {
        return new TrainedModels(spec, spec.task().build(spec.precision().dataType(), cacheDir, progress));
    }

    /** A fresh copy of the base model W0. */
    public Model base() {
        return task.baseModel();
    }

    /** The planted updates dW* by module name (the ground truth; empty when the task has none). */
    public Map<String, DMatrixRMaj> planted() {
        return task.plantedUpdates();
    }

    /**
     * The base model fully fine-tuned with the spec's {@code full} training settings and {@code seed}.
     *
     * @throws IllegalStateException when training diverged
     */
    public Model full(long seed) {
        Model model = base();
        requireConverged(fineTune(model, seed), "full fine-tuning");
        return model;
    }

    /**
     * The base model with a LoRA adapter ({@link #ADAPTER}) of rank {@code rank}, trained with the spec's first
     * LoRA configuration (its only one without a grid) and {@code seed}.
     *
     * @throws IllegalStateException when training diverged
     */
    public Model lora(int rank, long seed) {
        return lora(spec.lora().firstVariant(), rank, seed);
    }

    /**
     * The base model with a LoRA adapter ({@link #ADAPTER}) of configuration {@code variant} and rank {@code rank},
     * trained with {@code seed}.
     *
     * @throws IllegalStateException when training diverged
     */
    public Model lora(LoraVariant variant, int rank, long seed) {
        Model model = base();
        requireConverged(trainLora(model, variant, rank, seed), "LoRA " + variant.name() + " r = " + rank);
        return model;
    }

    TrainingResult fineTune(Model model, long seed) {
        return Trainer.train(model, task.train(), spec.full().withSeed(seed), task.loss());
    }

    TrainingResult trainLora(Model model, LoraVariant variant, int rank, long seed) {
        LoraInjector.inject(model, ADAPTER, spec.lora().configFor(variant, rank), seed);
        return Trainer.train(model, task.train(), spec.lora().trainingFor(variant).withSeed(seed), task.loss());
    }

    /** The task (data, base model, loss and metric). */
    public Task task() {
        return task;
    }

    private static void requireConverged(TrainingResult result, String what) {
        if (result.diverged()) {
            throw new IllegalStateException(what + " diverged (NaN or Inf loss); lower the learning rate");
        }
    }
}
