package org.loralab.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.loralab.Numbers;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.spectrum.SpectrumTables;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.task.Task;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Everything an experiment measured, as values and as Tablesaw tables (the CSV files are written
 * from these tables). Rows are in a fixed order, so equal results give equal tables.
 */
public final class ExperimentResults {
    private final ExperimentSpec spec;
    private final List<TrialResult> trials;
    private final List<UpdateSpectrum> spectra;
    private final Map<String, Double> jobSeconds;
    private final List<String> taskNotes;
    private final List<AdapterComparison> adapterComparisons;

    private ExperimentResults(ExperimentSpec spec, List<TrialResult> trials, List<UpdateSpectrum> spectra,
                              Map<String, Double> jobSeconds, List<String> taskNotes,
                              List<AdapterComparison> adapterComparisons) {
        this.spec = spec;
        this.trials = trials;
        this.spectra = spectra;
        this.jobSeconds = jobSeconds;
        this.taskNotes = taskNotes;
        this.adapterComparisons = adapterComparisons;
    }

    /** Collects job results (any order) and the planted updates' spectra. */
    public static ExperimentResults of(ExperimentSpec spec, List<JobResult> jobs, List<UpdateSpectrum> planted) {
        return of(spec, jobs, planted, List.of(), List.of());
    }

    /**
     * Collects job results (any order), the planted updates' spectra, the task's {@link Task#notes} and the comparisons
     * of kept adapters.
     */
    public static ExperimentResults of(ExperimentSpec spec, List<JobResult> jobs, List<UpdateSpectrum> planted,
                                       List<String> taskNotes, List<AdapterComparison> adapterComparisons) {
        List<Long> seeds = spec.seeds();
        List<String> configs = new ArrayList<>(List.of(""));
        spec.lora().variants().forEach(v -> configs.add(v.name()));
        List<JobResult> sorted = new ArrayList<>(jobs);
        sorted.sort(Comparator.comparing((JobResult j) -> seeds.indexOf(j.job().seed())));
        List<TrialResult> trials = new ArrayList<>();
        List<UpdateSpectrum> spectra = new ArrayList<>(planted);
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (JobResult j : sorted) {
            trials.addAll(j.trials());
            spectra.addAll(j.spectra());
            seconds.put(j.job().id(), j.seconds());
        }
        trials.sort(Comparator.comparing(TrialResult::method).thenComparingInt(t -> configs.indexOf(t.config()))
                .thenComparingInt(TrialResult::rank).thenComparingInt(t -> seeds.indexOf(t.seed())));
        return new ExperimentResults(spec, List.copyOf(trials), List.copyOf(spectra), seconds, List.copyOf(taskNotes),
                List.copyOf(adapterComparisons));
    }

    /** Small-rank against large-rank adapters of the same modules (empty when the adapters were not kept). */
    public List<AdapterComparison> adapterComparisons() {
        return adapterComparisons;
    }

    /** What the task measured when it was built (for example its base model against a baseline). */
    public List<String> taskNotes() {
        return taskNotes;
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** Every evaluated model, ordered by method, LoRA configuration, rank, seed. */
    public List<TrialResult> trials() {
        return trials;
    }

    /** Spectra of the planted updates ({@code planted/<module>}), then of every full update by seed. */
    public List<UpdateSpectrum> spectra() {
        return spectra;
    }

    /** Wall-clock seconds of each job, by job id (in seed order). */
    public Map<String, Double> jobSeconds() {
        return jobSeconds;
    }

    /** The configuration of {@code method}'s trials when none is named: LoRA's first, empty for the others. */
    private String defaultConfig(Method method) {
        return method == Method.LORA ? spec.lora().firstVariant().name() : "";
    }

    /** The trial of {@code method} (LoRA: its first configuration) at {@code rank} (0 for base and full). */
    public Optional<TrialResult> trial(Method method, int rank, long seed) {
        return trial(method, defaultConfig(method), rank, seed);
    }

    /** The trial of {@code method} and LoRA configuration {@code config} (empty for other methods). */
    public Optional<TrialResult> trial(Method method, String config, int rank, long seed) {
        return trials.stream().filter(t -> t.method() == method && t.config().equals(config) && t.rank() == rank
                && t.seed() == seed).findFirst();
    }

    private double metric(Method method, int rank, long seed) {
        return trial(method, rank, seed).map(TrialResult::metric).orElse(Double.NaN);
    }

    /** Fraction of full fine-tuning's improvement that a trial recovers (same seed's base and full). */
    public double fractionOfFull(TrialResult t) {
        return TaskRanks.fractionOfFull(t.metric(), metric(Method.BASE, 0, t.seed()), metric(Method.FULL, 0, t.seed()));
    }

    /** r_t of {@code method} (lora: its first configuration, or truncated) for one seed; empty when not reached. */
    public OptionalInt taskRank(Method method, double fraction, long seed) {
        return taskRank(method, defaultConfig(method), fraction, seed);
    }

    /** r_t of {@code method} and configuration {@code config} for one seed; empty when not reached. */
    public OptionalInt taskRank(Method method, String config, double fraction, long seed) {
        TreeMap<Integer, Double> curve = new TreeMap<>();
        trials.stream().filter(t -> t.method() == method && t.config().equals(config) && t.seed() == seed)
                .forEach(t -> curve.put(t.rank(), t.metric()));
        return TaskRanks.rankReaching(fraction, metric(Method.BASE, 0, seed), metric(Method.FULL, 0, seed), curve);
    }

    /** r_t of {@code method} and configuration {@code config} over the seeds. */
    public TaskRankSpread taskRankOverSeeds(Method method, String config, double fraction) {
        return TaskRankSpread.of(spec.seeds().stream().map(s -> taskRank(method, config, fraction, s)).toList());
    }

    /** Mean and 95% interval over seeds of the metric of {@code method} (LoRA: its first configuration) at {@code rank}. */
    public MeanInterval metricOverSeeds(Method method, int rank) {
        return metricOverSeeds(method, defaultConfig(method), rank);
    }

    /** Mean and 95% interval over seeds of the metric of {@code method} and configuration {@code config} at {@code rank}. */
    public MeanInterval metricOverSeeds(Method method, String config, int rank) {
        return MeanInterval.of(okTrials(method, config, rank).mapToDouble(TrialResult::metric).toArray());
    }

    /** Mean and 95% interval over seeds of the fraction of full fine-tuning's improvement. */
    public MeanInterval fractionOverSeeds(Method method, int rank) {
        return fractionOverSeeds(method, defaultConfig(method), rank);
    }

    /** Mean and 95% interval over seeds of the fraction of full fine-tuning's improvement, for one configuration. */
    public MeanInterval fractionOverSeeds(Method method, String config, int rank) {
        return MeanInterval.of(okTrials(method, config, rank).mapToDouble(this::fractionOfFull).filter(Double::isFinite)
                .toArray());
    }

    private java.util.stream.Stream<TrialResult> okTrials(Method method, String config, int rank) {
        return trials.stream().filter(t -> t.method() == method && t.config().equals(config) && t.rank() == rank && t.ok());
    }

    /**
     * The LoRA configuration with the smallest median r90 over seeds (never reached counts as worst); ties go to
     * the larger mean fraction of full fine-tuning at the smallest rank.
     */
    public LoraVariant bestVariant() {
        int smallest = spec.lora().ranks().get(0);
        Comparator<LoraVariant> byR90 = Comparator.comparingDouble(v -> {
            TaskRankSpread r90 = taskRankOverSeeds(Method.LORA, v.name(), 0.90);
            return r90.reached() == 0 ? Double.POSITIVE_INFINITY : r90.median();
        });
        Comparator<LoraVariant> byLowRank = Comparator.comparingDouble(v -> {
            double f = fractionOverSeeds(Method.LORA, v.name(), smallest).mean();
            return Double.isNaN(f) ? Double.POSITIVE_INFINITY : -f;
        });
        return spec.lora().variants().stream().min(byR90.thenComparing(byLowRank)).orElseThrow();
    }

    /** The full updates' spectra of module {@code module}, one per seed. */
    public List<UpdateSpectrum> fullUpdates(String module) {
        return spectra.stream().filter(s -> UpdateNames.isFullUpdateOf(s.tensor(), module)).toList();
    }

    /**
     * {@code trials.csv}: method, config, targets, alpha, learning_rate, rank, seed, trainable_params, train_loss,
     * test_loss, metric, fraction_of_full, status. config, targets and alpha are LoRA's (targets {@code all} for
     * full fine-tuning); alpha is lora_alpha at the trial's rank.
     */
    public Table trialsTable() {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        StringColumn targets = StringColumn.create("targets");
        DoubleColumn alpha = DoubleColumn.create("alpha");
        DoubleColumn lr = DoubleColumn.create("learning_rate");
        IntColumn rank = IntColumn.create("rank");
        LongColumn seed = LongColumn.create("seed");
        LongColumn params = LongColumn.create("trainable_params");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss");
        DoubleColumn testLoss = DoubleColumn.create("test_loss");
        DoubleColumn metric = DoubleColumn.create("metric");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full");
        StringColumn status = StringColumn.create("status");
        for (TrialResult t : trials) {
            method.append(t.method().label());
            config.append(t.config());
            if (t.method() == Method.LORA) {
                LoraVariant v = spec.lora().variant(t.config());
                targets.append(v.targets().label());
                alpha.append(v.alpha().at(t.rank()));
                lr.append(v.learningRate());
            } else {
                targets.append(t.method() == Method.FULL ? "all" : "");
                alpha.appendMissing();
                if (t.method() == Method.FULL) {
                    lr.append(spec.full().optimizer().learningRate());
                } else {
                    lr.appendMissing();
                }
            }
            appendOrMissing(rank, t.method().ranked() ? OptionalInt.of(t.rank()) : OptionalInt.empty());
            seed.append(t.seed());
            params.append(t.trainableParams());
            trainLoss.append(t.trainLoss());
            testLoss.append(t.testLoss());
            metric.append(t.metric());
            fraction.append(fractionOfFull(t));
            status.append(t.status());
        }
        return Table.create("trials", method, config, targets, alpha, lr, rank, seed, params, trainLoss, testLoss, metric,
                fraction, status);
    }

    /** {@code layers.csv}, columns as docs/metrics.md lists them: one row per analysed update. */
    public Table layersTable() {
        return SpectrumTables.layers(spectra);
    }

    /** {@code spectrum.csv}: tensor, index (from 1), sigma. */
    public Table spectrumTable() {
        return SpectrumTables.spectrum(spectra);
    }

    /** {@code truncation.csv}: tensor, rank r = 0..n, error e(r). */
    public Table truncationTable() {
        StringColumn tensor = StringColumn.create("tensor");
        IntColumn rank = IntColumn.create("rank");
        DoubleColumn error = DoubleColumn.create("error");
        for (UpdateSpectrum s : spectra) {
            double[] e = s.truncationErrors();
            for (int r = 0; r < e.length; r++) {
                tensor.append(s.tensor());
                rank.append(r);
                error.append(e[r]);
            }
        }
        return Table.create("truncation", tensor, rank, error);
    }

    /** Per method, configuration and rank: seeds, mean metric with its 95% interval, mean fraction of full. */
    public Table summaryTable() {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        IntColumn rank = IntColumn.create("rank");
        IntColumn n = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("metric_mean");
        DoubleColumn low = DoubleColumn.create("metric_ci95_low");
        DoubleColumn high = DoubleColumn.create("metric_ci95_high");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full_mean");
        record Curve(Method method, String config, int rank) {
        }
        trials.stream().map(t -> new Curve(t.method(), t.config(), t.rank())).distinct().forEach(key -> {
            MeanInterval mi = metricOverSeeds(key.method(), key.config(), key.rank());
            method.append(key.method().label());
            config.append(key.config());
            appendOrMissing(rank, key.method().ranked() ? OptionalInt.of(key.rank()) : OptionalInt.empty());
            n.append(mi.n());
            mean.append(mi.mean());
            low.append(mi.low());
            high.append(mi.high());
            fraction.append(fractionOverSeeds(key.method(), key.config(), key.rank()).mean());
        });
        return Table.create("summary", method, config, rank, n, mean, low, high, fraction);
    }

    /** The methods and configurations that have task ranks: each LoRA configuration, then truncation. */
    private List<Map.Entry<Method, String>> rankedCurves() {
        List<Map.Entry<Method, String>> out = new ArrayList<>();
        spec.lora().variants().forEach(v -> out.add(Map.entry(Method.LORA, v.name())));
        out.add(Map.entry(Method.TRUNCATED, ""));
        return out;
    }

    /** r90, r95, r99 of each LoRA configuration and of truncation, per seed (missing: not reached). */
    public Table taskRanksTable() {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        LongColumn seed = LongColumn.create("seed");
        List<IntColumn> ranks = new ArrayList<>();
        for (double f : TaskRanks.FRACTIONS) {
            ranks.add(IntColumn.create(TaskRanks.label(f)));
        }
        for (Map.Entry<Method, String> curve : rankedCurves()) {
            for (long s : spec.seeds()) {
                method.append(curve.getKey().label());
                config.append(curve.getValue());
                seed.append(s);
                for (int i = 0; i < TaskRanks.FRACTIONS.length; i++) {
                    appendOrMissing(ranks.get(i), taskRank(curve.getKey(), curve.getValue(), TaskRanks.FRACTIONS[i], s));
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
    public Table taskRanksSummaryTable() {
        StringColumn method = StringColumn.create("method");
        StringColumn config = StringColumn.create("config");
        StringColumn share = StringColumn.create("task_rank");
        StringColumn reached = StringColumn.create("seeds_reached");
        DoubleColumn median = DoubleColumn.create("median");
        IntColumn min = IntColumn.create("min");
        IntColumn max = IntColumn.create("max");
        for (Map.Entry<Method, String> curve : rankedCurves()) {
            for (double f : TaskRanks.FRACTIONS) {
                TaskRankSpread spread = taskRankOverSeeds(curve.getKey(), curve.getValue(), f);
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
     * One row per LoRA configuration of the grid: its settings, median r90 and r95 over seeds (with the seeds that
     * reached them), and the mean fraction of full fine-tuning's improvement at the smallest and largest rank.
     */
    public Table configsTable() {
        List<Integer> swept = spec.lora().ranks();
        int smallest = swept.get(0);
        int largest = swept.get(swept.size() - 1);
        StringColumn config = StringColumn.create("config");
        StringColumn targets = StringColumn.create("targets");
        StringColumn alpha = StringColumn.create("alpha");
        StringColumn lr = StringColumn.create("learning_rate"); // text, so that tables group by it
        List<DoubleColumn> medians = new ArrayList<>();
        List<StringColumn> reached = new ArrayList<>();
        for (double f : new double[] {0.90, 0.95}) {
            medians.add(DoubleColumn.create(TaskRanks.label(f) + "_median"));
            reached.add(StringColumn.create(TaskRanks.label(f) + "_seeds_reached"));
        }
        DoubleColumn low = DoubleColumn.create("fraction_at_r" + smallest);
        DoubleColumn high = DoubleColumn.create("fraction_at_r" + largest);
        for (LoraVariant v : spec.lora().variants()) {
            config.append(v.name());
            targets.append(v.targets().label());
            alpha.append(v.alpha().toString());
            lr.append(Numbers.compact(v.learningRate()));
            for (int i = 0; i < medians.size(); i++) {
                TaskRankSpread spread = taskRankOverSeeds(Method.LORA, v.name(), i == 0 ? 0.90 : 0.95);
                if (spread.reached() == 0) {
                    medians.get(i).appendMissing();
                } else {
                    medians.get(i).append(spread.median());
                }
                reached.get(i).append(spread.reachedText());
            }
            low.append(fractionOverSeeds(Method.LORA, v.name(), smallest).mean());
            high.append(fractionOverSeeds(Method.LORA, v.name(), largest).mean());
        }
        return Table.create("configs", config, targets, alpha, lr, medians.get(0), reached.get(0), medians.get(1),
                reached.get(1), low, high);
    }

    private static void appendOrMissing(IntColumn column, OptionalInt value) {
        if (value.isPresent()) {
            column.append(value.getAsInt());
        } else {
            column.appendMissing();
        }
    }
}
