package org.loralab.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.loralab.data.Dataset;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.RandomMatrices;
import org.loralab.nn.Linear;
import org.loralab.nn.Mlp;
import org.loralab.nn.RandomArrays;
import org.loralab.train.Loss;
import org.loralab.train.MeanSquaredError;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The planted-rank task: a base model W0, a teacher whose planted modules are W0 + dW* with dW* of
 * known rank and spectrum, and inputs x ~ N(0, I) labelled by the teacher. A student that starts from
 * W0 and fits the teacher's outputs should learn an update of rank r*.
 */
public final class PlantedRankTask implements Task {
    private static final Loss LOSS = new MeanSquaredError();
    private final PlantedRankConfig config;
    private final Mlp base;
    private final Mlp teacher;
    private final Map<String, DMatrixRMaj> plantedUpdates;
    private final Dataset train;
    private final Dataset validation;
    private final Dataset test;

    private PlantedRankTask(PlantedRankConfig config, Mlp base, Mlp teacher, Map<String, DMatrixRMaj> plantedUpdates,
                            Dataset train, Dataset validation, Dataset test) {
        this.config = config;
        this.base = base;
        this.teacher = teacher;
        this.plantedUpdates = plantedUpdates;
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /** Builds the task; the same config gives the same numbers. */
    public static PlantedRankTask generate(PlantedRankConfig config, DataType dtype) {
        SplittableRandom rng = new SplittableRandom(config.seed());
        Mlp base = Mlp.initialize(config.model(), dtype, rng.nextLong());
        Mlp teacher = base.copy();
        Map<String, DMatrixRMaj> planted = new LinkedHashMap<>();
        for (String name : config.plantedModules()) {
            Linear layer = teacher.module(name).base();
            DMatrixRMaj update = RandomMatrices.withSpectrum(layer.outFeatures(), layer.inFeatures(),
                    config.singularValues().stream().mapToDouble(Double::doubleValue).toArray(), rng);
            layer.weight().value().addi(MatrixBridge.toNd4j(update, dtype));
            planted.put(name, update);
        }
        Dataset train = label(teacher, RandomArrays.normal(rng, 0, 1, dtype, config.trainSize(), config.model().inputSize()));
        Dataset test = label(teacher, RandomArrays.normal(rng, 0, 1, dtype, config.testSize(), config.model().inputSize()));
        // drawn last, so that training and test data are those of specs written before there was a validation set
        Dataset validation = label(teacher, RandomArrays.normal(rng, 0, 1, dtype, config.validationSize(),
                config.model().inputSize()));
        return new PlantedRankTask(config, base, teacher, planted, train, validation, test);
    }

    private static Dataset label(Mlp teacher, INDArray inputs) {
        return new Dataset(inputs, teacher.forward(inputs, false));
    }

    public PlantedRankConfig config() {
        return config;
    }

    /** A fresh copy of the base model W0 (each call a new copy, so trials never share weights). */
    public Mlp baseModel() {
        return base.copy();
    }

    /** A fresh copy of the teacher. */
    public Mlp teacherModel() {
        return teacher.copy();
    }

    /** The planted dW* of each planted module, in double (read-only map; do not modify the matrices). */
    public Map<String, DMatrixRMaj> plantedUpdates() {
        return Collections.unmodifiableMap(plantedUpdates);
    }

    @Override
    public Dataset train() {
        return train;
    }

    @Override
    public Dataset validation() {
        return validation;
    }

    @Override
    public Dataset test() {
        return test;
    }

    /** Mean squared error against the teacher's outputs. */
    @Override
    public Loss loss() {
        return LOSS;
    }
}
