package org.loralab.subspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loralab.data.Dataset;
import org.loralab.nn.Activation;
import org.loralab.nn.GradientCheck;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Parameter;
import org.loralab.nn.RandomArrays;
import org.loralab.train.AdamConfig;
import org.loralab.train.LearningRateSchedule;
import org.loralab.train.MeanSquaredError;
import org.loralab.train.TrainConfig;
import org.loralab.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SubspaceModelTest {
    private static final MlpConfig CONFIG = new MlpConfig(5, List.of(4, 3), 2, Activation.TANH);

    @Test
    void atTheOriginItIsTheBaseModel() {
        Mlp base = Mlp.initialize(CONFIG, DataType.DOUBLE, 1);
        INDArray x = RandomArrays.normal(new SplittableRandom(2), 0, 1, DataType.DOUBLE, 6, 5);
        INDArray expected = base.forward(x, false).dup();
        SubspaceModel model = SubspaceModel.of(base.copy(), List.of("layers.0", "head"),
                new SubspaceModel.Settings(7, ProjectionKind.AUTO, false, 3));
        assertThat(model.forward(x, false)).isEqualTo(expected);
        assertThat(model.reachedParameters()).isEqualTo(5 * 4 + 4 + 3 * 2 + 2);
        assertThat(model.trainableParameters()).extracting(Parameter::size).containsExactly(7L);
    }

    /** dL/dtheta_d (and SAID's dL/dlambda) against central differences; see GradientCheck for the 1e-6 bound. */
    @ParameterizedTest
    @CsvSource({"dense, false", "fastfood, false", "dense, true", "fastfood, true"})
    void gradientsMatchFiniteDifferences(String projection, boolean said) {
        Mlp base = Mlp.initialize(CONFIG, DataType.DOUBLE, 4);
        SubspaceModel model = SubspaceModel.of(base, List.of("layers.0", "layers.1", "head"),
                new SubspaceModel.Settings(9, ProjectionKind.parse(projection), said, 5));
        SplittableRandom rng = new SplittableRandom(6);
        for (Parameter p : model.trainableParameters()) { // away from the origin, where lambda's gradient vanishes
            p.value().addi(RandomArrays.normal(rng, 0, 0.3, DataType.DOUBLE, p.value().shape()));
        }
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 5);
        INDArray r = GradientCheck.weights(7, 4, 2);
        model.forward(x, true);
        model.backward(r);
        Supplier<Double> loss = () -> GradientCheck.objective(model.forward(x, true), r);
        assertThat(model.trainableParameters()).hasSize(said ? 2 : 1);
        for (Parameter p : model.trainableParameters()) {
            INDArray analytic = p.grad().dup();
            assertThat(GradientCheck.relativeError(analytic, GradientCheck.numerical(p.value(), loss)))
                    .as(p.name()).isLessThan(1e-6);
        }
    }

    @Test
    void aCopyHasTheSameWeightsAndSharesNothing() {
        SubspaceModel model = SubspaceModel.of(Mlp.initialize(CONFIG, DataType.DOUBLE, 8), List.of("layers.1"),
                new SubspaceModel.Settings(3, ProjectionKind.DENSE, true, 9));
        model.trainableParameters().get(0).value().assign(Nd4j.createFromArray(new double[][] {{0.5, -1, 2}}));
        INDArray x = RandomArrays.normal(new SplittableRandom(10), 0, 1, DataType.DOUBLE, 3, 5);
        SubspaceModel copy = model.copy();
        assertThat(copy.forward(x, false)).isEqualTo(model.forward(x, false));
        copy.trainableParameters().get(0).value().assign(0);
        assertThat(copy.forward(x, false)).isNotEqualTo(model.forward(x, false));
        assertThat(model.state().get("layers.1.weight")).isNotEqualTo(copy.state().get("layers.1.weight"));
        assertThatThrownBy(() -> SubspaceModel.of(Mlp.initialize(CONFIG, DataType.DOUBLE, 8), List.of("head"),
                new SubspaceModel.Settings(1, ProjectionKind.DENSE, true, 9))).hasMessageContaining("beside SAID's 2 scales");
    }

    /**
     * A known answer. One linear layer (2 outputs, with bias) fitted by squared error to targets it can reach exactly,
     * on inputs that span only k = 7 of their 32 dimensions: the loss sees the weights only through the 2 (k + 1) = 16
     * numbers X W^T + b on that span, so the set of minimisers has co-dimension s = 16 exactly. Training in a random
     * subspace of dimension d reaches zero loss exactly when d >= s; below, the best it can do is a projection (a
     * fraction near d / s of the way). Checked: Adam's trained loss matches the least-squares optimum in the subspace
     * (an independent computation, EJML), d >= s reaches the minimum, d < s does not: the smallest dimension of the grid
     * that reaches the minimum is s = 16 exactly. d90 is not s (the fraction grows faster than d / s: 90% comes at
     * d = 12 here); the toolkit's task-rank rule gives the d90 of these fractions.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dense", "fastfood"})
    void intrinsicDimensionOfAQuadraticWithKnownCodimension(String projection) {
        int n = 32;
        int k = 7;
        int m = 2;
        int samples = 64;
        int s = m * (k + 1);
        SplittableRandom rng = new SplittableRandom(11);
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, samples, k)
                .mmul(RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, k, n));
        Mlp target = Mlp.initialize(new MlpConfig(n, List.of(), m, Activation.TANH), DataType.DOUBLE, 12);
        Dataset data = new Dataset(x, target.forward(x, false).dup());
        double start = Trainer.evaluate(Mlp.initialize(new MlpConfig(n, List.of(), m, Activation.TANH), DataType.DOUBLE, 13),
                data, new MeanSquaredError());
        List<Double> fractions = new ArrayList<>();
        int[] grid = {4, 8, 12, 16, 20, 24};
        for (int d : grid) {
            Mlp base = Mlp.initialize(new MlpConfig(n, List.of(), m, Activation.TANH), DataType.DOUBLE, 13);
            SubspaceModel model = SubspaceModel.of(base, List.of(MlpConfig.HEAD), new SubspaceModel.Settings(d, ProjectionKind.parse(projection), false, 14));
            double optimum = leastSquaresOptimum(model, data);
            TrainConfig config = new TrainConfig(3000, samples, AdamConfig.adam(0.05), LearningRateSchedule.COSINE, 15);
            Trainer.train(model, data, config, new MeanSquaredError());
            double trained = Trainer.evaluate(model, data, new MeanSquaredError());
            assertThat((trained - optimum) / start).as("%s, d = %d: Adam against least squares", projection, d).isLessThan(1e-3);
            double fraction = (start - trained) / start; // full fine-tuning reaches 0
            fractions.add(fraction);
            if (d >= s) {
                assertThat(fraction).as("d = %d >= s", d).isGreaterThan(0.999);
            } else {
                assertThat(fraction).as("d = %d < s", d).isLessThan(0.99);
            }
        }
        int reachesMinimum = java.util.stream.IntStream.range(0, grid.length).filter(i -> fractions.get(i) > 0.999)
                .map(i -> grid[i]).findFirst().orElse(0);
        int d90 = java.util.stream.IntStream.range(0, grid.length).filter(i -> fractions.get(i) >= 0.9).map(i -> grid[i])
                .findFirst().orElse(0);
        java.util.TreeMap<Integer, Double> curve = new java.util.TreeMap<>();
        for (int i = 0; i < grid.length; i++) {
            curve.put(grid[i], fractions.get(i) - 1); // the metric: minus the loss over the start's (base -1, full 0)
        }
        assertThat(reachesMinimum).as("the smallest d reaching the minimum, fractions %s", fractions).isEqualTo(s);
        assertThat(org.loralab.results.TaskRanks.rankReaching(0.9, -1, 0, curve).getAsInt()).as("d90, fractions %s",
                fractions).isEqualTo(d90).isLessThanOrEqualTo(s);
    }

    /** min over theta_d of the loss, by least squares: the outputs are affine in theta_d (one linear layer). */
    private static double leastSquaresOptimum(SubspaceModel model, Dataset data) {
        Parameter theta = model.trainableParameters().get(0);
        int d = (int) theta.size();
        INDArray origin = model.forward(data.inputs(), false).dup();
        int rows = (int) origin.length();
        SimpleMatrix jacobian = new SimpleMatrix(rows, d);
        for (int j = 0; j < d; j++) {
            theta.value().putScalar(0, j, 1);
            double[] column = model.forward(data.inputs(), false).sub(origin).ravel().toDoubleVector();
            for (int i = 0; i < rows; i++) {
                jacobian.set(i, j, column[i]);
            }
            theta.value().putScalar(0, j, 0);
        }
        SimpleMatrix residual = new SimpleMatrix(rows, 1, true, data.targets().sub(origin).ravel().toDoubleVector());
        SimpleMatrix best = jacobian.solve(residual); // least squares for a tall matrix
        SimpleMatrix left = residual.minus(jacobian.mult(best));
        return left.dot(left) / rows;
    }
}
