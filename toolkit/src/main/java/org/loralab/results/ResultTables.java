package org.loralab.results;

import java.util.List;
import java.util.OptionalInt;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.spectrum.SpectrumTables;
import org.loralab.spectrum.UpdateSpectrum;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tables of an experiment's results, one method per CSV file of a report ({@code trials.csv}, {@code layers.csv},
 * ...). Every table of the toolkit is made the same way: a static method of the class that knows the concept, taking
 * the data and returning a Tablesaw {@link Table}.
 */
public final class ResultTables {
    private ResultTables() {
    }

    /**
     * {@code trials.csv}, every trial of every learning-rate search: method, config, targets, alpha, scaling,
     * learning_rate, rank, seed, trainable_params, epochs (kept), max_epochs (allowed), train_loss, validation_metric, test_loss, test_metric,
     * fraction_of_full (of the test metric, against the selected full fine-tuning), fraction_low and fraction_high (its
     * 95% interval from test noise: a paired bootstrap over test examples; empty for unselected trials),
     * validation_fraction_of_full (the same
     * on validation: what chooses the configuration), then, for transfer tasks, source_validation_metric,
     * source_test_metric (the metric of the task the base model was pretrained on) and forgetting (the base model's source
     * test metric minus the trial's, {@link Forgetting}), and last selected, status. config, targets,
     * alpha and scaling are LoRA's (targets {@code all} for full fine-tuning); alpha is lora_alpha at the trial's rank.
     */
    public static Table trials(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        StringColumn targets = StringColumn.create("targets");
        DoubleColumn alpha = DoubleColumn.create("alpha");
        StringColumn scaling = StringColumn.create("scaling");
        DoubleColumn lr = DoubleColumn.create("learning_rate");
        IntColumn rank = IntColumn.create("rank");
        LongColumn seed = LongColumn.create("seed");
        LongColumn params = LongColumn.create("trainable_params");
        IntColumn epochs = IntColumn.create("epochs");
        IntColumn maxEpochs = IntColumn.create("max_epochs");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss");
        DoubleColumn validation = DoubleColumn.create("validation_metric");
        DoubleColumn testLoss = DoubleColumn.create("test_loss");
        DoubleColumn metric = DoubleColumn.create("test_metric");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full");
        DoubleColumn fractionLow = DoubleColumn.create("fraction_low");
        DoubleColumn fractionHigh = DoubleColumn.create("fraction_high");
        DoubleColumn validationFraction = DoubleColumn.create("validation_fraction_of_full");
        BooleanColumn selected = BooleanColumn.create("selected");
        StringColumn status = StringColumn.create("status");
        for (TrialResult t : results.allTrials()) {
            method.append(t.method().label());
            config.append(t.config());
            if (t.method() == Method.LORA) {
                LoraVariant v = results.spec().lora().variant(t.config());
                targets.append(v.targets().label());
                alpha.append(v.alpha().at(t.rank()));
                scaling.append(v.alpha().scalingRule());
            } else {
                targets.append(t.method() == Method.FULL ? "all" : "");
                alpha.appendMissing();
                scaling.append("");
            }
            if (Double.isNaN(t.learningRate())) {
                lr.appendMissing();
            } else {
                lr.append(t.learningRate());
            }
            appendOrMissing(rank, t.method().ranked() ? OptionalInt.of(t.rank()) : OptionalInt.empty());
            seed.append(t.seed());
            params.append(t.trainableParams());
            epochs.append(t.epochs());
            maxEpochs.append(t.maxEpochs());
            trainLoss.append(t.trainLoss());
            validation.append(t.validationMetric());
            testLoss.append(t.testLoss());
            metric.append(t.metric());
            fraction.append(results.fractionOfFull(t));
            double[] interval = results.fractionTestInterval(t).orElse(new double[] {Double.NaN, Double.NaN});
            fractionLow.append(interval[0]);
            fractionHigh.append(interval[1]);
            validationFraction.append(results.fractionOfFull(Split.VALIDATION, t));
            selected.append(t.selected());
            status.append(t.status().toString());
        }
        Table table = Table.create("trials", method, config, targets, alpha, scaling, lr, rank, seed, params, epochs,
                maxEpochs, trainLoss, validation, testLoss, metric, fraction, fractionLow, fractionHigh, validationFraction,
                selected, status);
        if (Forgetting.measured(results)) {
            int at = table.columnIndex(validationFraction);
            table.insertColumn(at + 1, DoubleColumn.create("source_validation_metric", results.allTrials().stream()
                    .mapToDouble(t -> t.source().validation())));
            table.insertColumn(at + 2, DoubleColumn.create("source_test_metric", results.allTrials().stream()
                    .mapToDouble(t -> t.source().test())));
            table.insertColumn(at + 3, DoubleColumn.create("forgetting", results.allTrials().stream()
                    .mapToDouble(t -> Forgetting.of(results, t))));
        }
        return table;
    }

    /**
     * {@code learning_rates.csv}, how each learning-rate search went, over seeds: per method, configuration, rank and
     * learning rate, whether the search added it past the spec's list ({@code extension}), the seeds whose validation set
     * chose it and the mean validation and test metrics (a flat search has close means).
     */
    public static Table learningRates(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        IntColumn rank = IntColumn.create("rank");
        DoubleColumn lr = DoubleColumn.create("learning_rate");
        IntColumn maxEpochs = IntColumn.create("max_epochs");
        BooleanColumn extension = BooleanColumn.create("extension");
        IntColumn chosen = IntColumn.create("seeds_chosen");
        IntColumn diverged = IntColumn.create("seeds_diverged");
        DoubleColumn validation = DoubleColumn.create("validation_metric_mean");
        DoubleColumn test = DoubleColumn.create("test_metric_mean");
        record Key(Method method, String config, int rank, double lr, int maxEpochs) {
        }
        results.allTrials().stream().filter(t -> results.spec().sweep(t.method()).isPresent())
                .map(t -> new Key(t.method(), t.config(), t.rank(), t.learningRate(), t.maxEpochs())).distinct()
                .forEach(key -> {
                    List<TrialResult> group = results.allTrials().stream().filter(t -> t.method() == key.method()
                            && t.config().equals(key.config()) && t.rank() == key.rank()
                            && Double.compare(t.learningRate(), key.lr()) == 0 && t.maxEpochs() == key.maxEpochs()).toList();
                    method.append(key.method().label());
                    config.append(key.config());
                    appendOrMissing(rank, key.method().ranked() ? OptionalInt.of(key.rank()) : OptionalInt.empty());
                    lr.append(key.lr());
                    maxEpochs.append(key.maxEpochs());
                    extension.append(!LearningRateSearches.list(results.spec(), key.method()).contains(key.lr()));
                    chosen.append((int) group.stream().filter(TrialResult::selected).count());
                    diverged.append((int) group.stream().filter(t -> !t.ok()).count());
                    validation.append(group.stream().filter(TrialResult::ok).mapToDouble(TrialResult::validationMetric)
                            .average().orElse(Double.NaN));
                    test.append(group.stream().filter(TrialResult::ok).mapToDouble(TrialResult::metric).average()
                            .orElse(Double.NaN));
                });
        return Table.create("learning_rates", method, config, rank, lr, maxEpochs, extension, chosen, diverged, validation,
                test);
    }

    /** {@code layers.csv}, columns as docs/metrics.md lists them: one row per analysed update. */
    /**
     * {@code intrinsic_dimension.csv}: the selected random-subspace trial of each dimension and seed, with the share of
     * full fine-tuning's improvement it recovers on the test set; empty without a subspace sweep.
     */
    public static Table intrinsicDimension(ExperimentResults results) {
        IntColumn dimension = IntColumn.create("dimension");
        LongColumn seed = LongColumn.create("seed");
        DoubleColumn lr = DoubleColumn.create("learning_rate");
        DoubleColumn validation = DoubleColumn.create("validation_metric");
        DoubleColumn test = DoubleColumn.create("test_metric");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full");
        for (TrialResult t : results.trials()) {
            if (t.method() == Method.SUBSPACE) {
                dimension.append(t.rank());
                seed.append(t.seed());
                lr.append(t.learningRate());
                validation.append(t.validationMetric());
                test.append(t.metric());
                fraction.append(results.fractionOfFull(t));
            }
        }
        return Table.create("intrinsic_dimension", dimension, seed, lr, validation, test, fraction);
    }

    public static Table layers(ExperimentResults results) {
        return SpectrumTables.layers(results.spectra());
    }

    /** {@code spectrum.csv}: tensor, index (from 1), sigma. */
    public static Table spectrum(ExperimentResults results) {
        return SpectrumTables.spectrum(results.spectra());
    }

    /** {@code truncation.csv}: tensor, rank r = 0..n, error e(r). */
    public static Table truncation(ExperimentResults results) {
        StringColumn tensor = StringColumn.create("tensor");
        IntColumn rank = IntColumn.create("rank");
        DoubleColumn error = DoubleColumn.create("error");
        for (UpdateSpectrum s : results.spectra()) {
            double[] e = s.truncationErrors();
            for (int r = 0; r < e.length; r++) {
                tensor.append(s.tensor());
                rank.append(r);
                error.append(e[r]);
            }
        }
        return Table.create("truncation", tensor, rank, error);
    }

    /**
     * Per method, configuration and rank: seeds, mean test metric with its 95% Student-t interval over seeds, mean
     * fraction of full, and the 95% interval of that mean from test noise (paired bootstrap over test examples).
     */
    public static Table summary(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        IntColumn rank = IntColumn.create("rank");
        IntColumn n = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("metric_mean");
        DoubleColumn low = DoubleColumn.create("metric_ci95_low");
        DoubleColumn high = DoubleColumn.create("metric_ci95_high");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full_mean");
        DoubleColumn fractionLow = DoubleColumn.create("fraction_test_noise_low");
        DoubleColumn fractionHigh = DoubleColumn.create("fraction_test_noise_high");
        record Curve(Method method, String config, int rank) {
        }
        results.trials().stream().map(t -> new Curve(t.method(), t.config(), t.rank())).distinct().forEach(key -> {
            MeanInterval mi = results.metricOverSeeds(key.method(), key.config(), key.rank());
            method.append(key.method().label());
            config.append(key.config());
            appendOrMissing(rank, key.method().ranked() ? OptionalInt.of(key.rank()) : OptionalInt.empty());
            n.append(mi.n());
            mean.append(mi.mean());
            low.append(mi.low());
            high.append(mi.high());
            fraction.append(results.fractionOverSeeds(key.method(), key.config(), key.rank()).mean());
            double[] noise = results.fractionTestIntervalOverSeeds(key.method(), key.config(), key.rank());
            fractionLow.append(noise[0]);
            fractionHigh.append(noise[1]);
        });
        return Table.create("summary", method, config, rank, n, mean, low, high, fraction, fractionLow, fractionHigh);
    }

    /** r90, r95, r99 of each ranked method and LoRA configuration, per seed ({@link TaskRankTables#perSeed}). */
    public static Table taskRanks(ExperimentResults results) {
        return TaskRankTables.perSeed(results);
    }

    /** r90, r95 and r99 summarised over seeds ({@link TaskRankTables#overSeeds}). */
    public static Table taskRanksSummary(ExperimentResults results) {
        return TaskRankTables.overSeeds(results);
    }

    /** One row per LoRA configuration of the grid ({@link TaskRankTables#configs}). */
    public static Table configs(ExperimentResults results) {
        return TaskRankTables.configs(results);
    }

    static void appendOrMissing(IntColumn column, OptionalInt value) {
        if (value.isPresent()) {
            column.append(value.getAsInt());
        } else {
            column.appendMissing();
        }
    }
}
