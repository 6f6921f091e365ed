package org.loralab.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * The methods and configurations that have task ranks: each LoRA configuration, truncation, the random subspace
     * when swept (its "rank" is the dimension d, so its r90 is d90), and any other ranked method.
     */
    private static List<Map.Entry<Method, String>> rankedCurves(ExperimentResults results) {
        List<Map.Entry<Method, String>> out = new ArrayList<>();
        results.spec().lora().variants().forEach(v -> out.add(Map.entry(Method.LORA, v.name())));
        out.add(Map.entry(Method.TRUNCATED, ""));
        results.spec().subspace().ifPresent(sub -> out.add(Map.entry(Method.SUBSPACE, "")));
        results.spec().others().stream().filter(o -> o.method().ranked()).forEach(o -> out.add(Map.entry(o.method(), "")));
        return out;
    }

    /** r90, r95, r99 of each LoRA configuration and of truncation, per seed (missing: not reached). */
    public static Table taskRanks(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        LongColumn seed = LongColumn.create("seed");
        List<IntColumn> ranks = new ArrayList<>();
        for (double f : TaskRanks.FRACTIONS) {
            ranks.add(IntColumn.create(TaskRanks.label(f)));
        }
        for (Map.Entry<Method, String> curve : rankedCurves(results)) {
            for (long s : results.spec().seeds()) {
                method.append(curve.getKey().label());
                config.append(curve.getValue());
                seed.append(s);
                for (int i = 0; i < TaskRanks.FRACTIONS.length; i++) {
                    appendOrMissing(ranks.get(i), results.taskRank(curve.getKey(), curve.getValue(), TaskRanks.FRACTIONS[i], s));
                }
            }
        }
        Table t = Table.create("task_ranks", method, config, seed);
        ranks.forEach(t::addColumns);
        return t;
    }

    /**
     * r90, r95 and r99 summarised over seeds, per method and configuration: in how many seeds the share was
     * reached, and the median, smallest and largest rank among those seeds (missing when no seed reached it).
     */
    public static Table taskRanksSummary(ExperimentResults results) {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        StringColumn share = StringColumn.create("task_rank");
        StringColumn reached = StringColumn.create("seeds_reached");
        DoubleColumn median = DoubleColumn.create("median");
        IntColumn min = IntColumn.create("min");
        IntColumn max = IntColumn.create("max");
        for (Map.Entry<Method, String> curve : rankedCurves(results)) {
            for (double f : TaskRanks.FRACTIONS) {
                TaskRankSpread spread = results.taskRankOverSeeds(curve.getKey(), curve.getValue(), f);
                method.append(curve.getKey().label());
                config.append(curve.getValue());
                share.append(TaskRanks.label(f));
                reached.append(spread.reachedText());
                if (spread.reached() == 0) {
                    median.appendMissing();
                    min.appendMissing();
                    max.appendMissing();
                } else {
                    median.append(spread.median());
                    min.append(spread.min());
                    max.append(spread.max());
                }
            }
        }
        return Table.create("task_ranks_summary", method, config, share, reached, median, min, max);
    }

    /**
     * One row per LoRA configuration of the grid: its settings, median r90 and r95 over seeds on test (with the seeds
     * that reached them), the mean test fraction of full fine-tuning's improvement at the smallest and largest rank, the
     * median r90 on validation, and whether the validation set chose it ({@link ExperimentResults#bestVariant()}).
     */
    public static Table configs(ExperimentResults results) {
        List<Integer> swept = results.spec().lora().ranks();
        int smallest = swept.get(0);
        int largest = swept.get(swept.size() - 1);
        StringColumn config = StringColumn.create("config");
        StringColumn targets = StringColumn.create("targets");
        StringColumn alpha = StringColumn.create("alpha");
        StringColumn scaling = StringColumn.create("scaling");
        List<DoubleColumn> medians = new ArrayList<>();
        List<StringColumn> reached = new ArrayList<>();
        for (double f : new double[] {0.90, 0.95}) {
            medians.add(DoubleColumn.create(TaskRanks.label(f) + "_median"));
            reached.add(StringColumn.create(TaskRanks.label(f) + "_seeds_reached"));
        }
        DoubleColumn low = DoubleColumn.create("fraction_at_r" + smallest);
        DoubleColumn high = DoubleColumn.create("fraction_at_r" + largest);
        DoubleColumn validationR90 = DoubleColumn.create("validation_r90_median");
        BooleanColumn chosen = BooleanColumn.create("chosen");
        LoraVariant best = results.bestVariant();
        for (LoraVariant v : results.spec().lora().variants()) {
            config.append(v.name());
            targets.append(v.targets().label());
            alpha.append(v.alpha().toString());
            scaling.append(v.alpha().scalingRule());
            for (int i = 0; i < medians.size(); i++) {
                TaskRankSpread spread = results.taskRankOverSeeds(Method.LORA, v.name(), i == 0 ? 0.90 : 0.95);
                if (spread.reached() == 0) {
                    medians.get(i).appendMissing();
                } else {
                    medians.get(i).append(spread.median());
                }
                reached.get(i).append(spread.reachedText());
            }
            low.append(results.fractionOverSeeds(Method.LORA, v.name(), smallest).mean());
            high.append(results.fractionOverSeeds(Method.LORA, v.name(), largest).mean());
            TaskRankSpread onValidation = results.taskRankOverSeeds(Split.VALIDATION, Method.LORA, v.name(), 0.90);
            if (onValidation.reached() == 0) {
                validationR90.appendMissing();
            } else {
                validationR90.append(onValidation.median());
            }
            chosen.append(v.equals(best));
        }
        return Table.create("configs", config, targets, alpha, scaling, medians.get(0), reached.get(0), medians.get(1),
                reached.get(1), low, high, validationR90, chosen);
    }

    private static void appendOrMissing(IntColumn column, OptionalInt value) {
        if (value.isPresent()) {
            column.append(value.getAsInt());
        } else {
            column.appendMissing();
        }
    }
}
