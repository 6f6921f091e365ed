package org.loralab.task;

import java.util.List;
import java.util.Map;
import org.loralab.nn.MlpConfig;

/**
 * A fine-tuning task whose answer is known: the teacher is the base model with an update of rank
 * r* = {@code singularValues.size()} and singular values {@code singularValues} added to each of
 * {@code plantedModules}.
 *
 * @param model          shape of base, teacher and student
 * @param plantedModules modules that carry a planted update (others are equal in base and teacher)
 * @param singularValues singular values of every planted update, descending, > 0; their count is r*
 * @param trainSize      training examples, >= 1
 * @param validationSize held-out examples that choose (learning rate, stopping epoch), >= 1
 * @param testSize       held-out examples that report, >= 1
 * @param seed           seeds the base weights, the planted directions and the inputs
 */
public record PlantedRankConfig(MlpConfig model, List<String> plantedModules, List<Double> singularValues,
                                int trainSize, int validationSize, int testSize, long seed) implements TaskConfig {

    @Override
    public PlantedRankConfig withSeed(long newSeed) {
        return new PlantedRankConfig(model, plantedModules, singularValues, trainSize, validationSize, testSize, newSeed);
    }

    public PlantedRankConfig {
        if (plantedModules == null) {
            throw new IllegalArgumentException("planted_modules is missing: name the modules that get a planted update, "
                    + "for example [layers.0]");
        }
        plantedModules = List.copyOf(plantedModules);
        singularValues = List.copyOf(singularValues);
        Map<String, int[]> shapes = model.moduleShapes();
        if (plantedModules.isEmpty()) {
            throw new IllegalArgumentException("planted_modules must name at least one module");
        }
        for (String m : plantedModules) {
            if (!shapes.containsKey(m)) {
                throw new IllegalArgumentException("planted_modules names '" + m + "', which is not a module; modules are "
                        + shapes.keySet());
            }
        }
        if (singularValues.isEmpty()) {
            throw new IllegalArgumentException("singular_values must hold at least one value (their count is the planted rank)");
        }
        for (int i = 0; i < singularValues.size(); i++) {
            double s = singularValues.get(i);
            if (!(s > 0) || Double.isInfinite(s) || (i > 0 && s > singularValues.get(i - 1))) {
                throw new IllegalArgumentException("singular_values must be positive, finite and descending, got "
                        + singularValues);
            }
        }
        for (String m : plantedModules) {
            int[] shape = shapes.get(m);
            if (singularValues.size() > Math.min(shape[0], shape[1])) {
                throw new IllegalArgumentException("planted rank " + singularValues.size() + " exceeds min(out, in) = "
                        + Math.min(shape[0], shape[1]) + " of module '" + m + "'");
            }
        }
        if (trainSize < 1 || validationSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("train_size, validation_size and test_size must be >= 1, got " + trainSize
                    + ", " + validationSize + ", " + testSize);
        }
    }

    @Override
    public Task build(org.nd4j.linalg.api.buffer.DataType dtype, java.nio.file.Path cacheDir,
                      java.util.function.Consumer<String> progress) {
        return PlantedRankTask.generate(this, dtype);
    }

    @Override
    public String summary() {
        return "inputs x ~ N(0, I); targets = teacher(x); " + trainSize + " training, " + validationSize + " validation and "
                + testSize + " test examples; planted singular values " + singularValues + "; task seed " + seed + ".";
    }

    @Override
    public boolean metricIsMinusLoss() {
        return true;
    }

    @Override
    public String metricName() {
        return "minus the test mean squared error";
    }

    /** r*, the rank of every planted update. */
    @Override
    public int plantedRank() {
        return singularValues.size();
    }
}
