package org.loralab.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.loralab.spectrum.SpectrumTables;
import org.loralab.spectrum.UpdateSpectrum;
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

    private ExperimentResults(ExperimentSpec spec, List<TrialResult> trials, List<UpdateSpectrum> spectra,
                              Map<String, Double> jobSeconds) {
        this.spec = spec;
        this.trials = trials;
        this.spectra = spectra;
        this.jobSeconds = jobSeconds;
    }

    /** Collects job results (any order) and the planted updates' spectra. */
    public static ExperimentResults of(ExperimentSpec spec, List<JobResult> jobs, List<UpdateSpectrum> planted) {
        List<Long> seeds = spec.seeds();
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
        trials.sort(Comparator.comparing(TrialResult::method).thenComparingInt(TrialResult::rank)
                .thenComparingInt(t -> seeds.indexOf(t.seed())));
        return new ExperimentResults(spec, List.copyOf(trials), List.copyOf(spectra), seconds);
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** Every evaluated model, ordered by method, rank, seed. */
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

    public Optional<TrialResult> trial(Method method, int rank, long seed) {
        return trials.stream().filter(t -> t.method() == method && t.rank() == rank && t.seed() == seed).findFirst();
    }

    private double metric(Method method, int rank, long seed) {
        return trial(method, rank, seed).map(TrialResult::metric).orElse(Double.NaN);
    }

    /** Fraction of full fine-tuning's improvement that a trial recovers (same seed's base and full). */
    public double fractionOfFull(TrialResult t) {
        return TaskRanks.fractionOfFull(t.metric(), metric(Method.BASE, 0, t.seed()), metric(Method.FULL, 0, t.seed()));
    }

    /** r_t of {@code method} (lora or truncated) for one seed; empty when not reached. */
    public OptionalInt taskRank(Method method, double fraction, long seed) {
        TreeMap<Integer, Double> curve = new TreeMap<>();
        trials.stream().filter(t -> t.method() == method && t.seed() == seed).forEach(t -> curve.put(t.rank(), t.metric()));
        return TaskRanks.rankReaching(fraction, metric(Method.BASE, 0, seed), metric(Method.FULL, 0, seed), curve);
    }

    /** Mean and 95% interval over seeds of the metric of {@code method} at {@code rank} (0 for base and full). */
    public MeanInterval metricOverSeeds(Method method, int rank) {
        return MeanInterval.of(trials.stream().filter(t -> t.method() == method && t.rank() == rank && t.ok())
                .mapToDouble(TrialResult::metric).toArray());
    }

    /** Mean and 95% interval over seeds of the fraction of full fine-tuning's improvement. */
    public MeanInterval fractionOverSeeds(Method method, int rank) {
        return MeanInterval.of(trials.stream().filter(t -> t.method() == method && t.rank() == rank && t.ok())
                .mapToDouble(this::fractionOfFull).filter(Double::isFinite).toArray());
    }

    /** The full updates' spectra of module {@code module}, one per seed. */
    public List<UpdateSpectrum> fullUpdates(String module) {
        return spectra.stream().filter(s -> !s.tensor().startsWith("planted/") && s.tensor().endsWith("/" + module)).toList();
    }

    /** {@code trials.csv}: method, rank, seed, trainable_params, train_loss, test_loss, metric, fraction_of_full, status. */
    public Table trialsTable() {
        StringColumn method = StringColumn.create("method");
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
            appendOrMissing(rank, t.method().ranked() ? OptionalInt.of(t.rank()) : OptionalInt.empty());
            seed.append(t.seed());
            params.append(t.trainableParams());
            trainLoss.append(t.trainLoss());
            testLoss.append(t.testLoss());
            metric.append(t.metric());
            fraction.append(fractionOfFull(t));
            status.append(t.status());
        }
        return Table.create("trials", method, rank, seed, params, trainLoss, testLoss, metric, fraction, status);
    }

    /** {@code layers.csv}, columns exactly as DESIGN.md: one row per analysed update. */
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

    /** Per method and rank: seeds, mean metric with its 95% interval, mean fraction of full. */
    public Table summaryTable() {
        StringColumn method = StringColumn.create("method");
        IntColumn rank = IntColumn.create("rank");
        IntColumn n = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("metric_mean");
        DoubleColumn low = DoubleColumn.create("metric_ci95_low");
        DoubleColumn high = DoubleColumn.create("metric_ci95_high");
        DoubleColumn fraction = DoubleColumn.create("fraction_of_full_mean");
        trials.stream().map(t -> Map.entry(t.method(), t.rank())).distinct().forEach(key -> {
            MeanInterval m = metricOverSeeds(key.getKey(), key.getValue());
            method.append(key.getKey().label());
            appendOrMissing(rank, key.getKey().ranked() ? OptionalInt.of(key.getValue()) : OptionalInt.empty());
            n.append(m.n());
            mean.append(m.mean());
            low.append(m.low());
            high.append(m.high());
            fraction.append(fractionOverSeeds(key.getKey(), key.getValue()).mean());
        });
        return Table.create("summary", method, rank, n, mean, low, high, fraction);
    }

    /** r90, r95, r99 of lora and truncated per seed (missing: not reached). */
    public Table taskRanksTable() {
        StringColumn method = StringColumn.create("method");
        LongColumn seed = LongColumn.create("seed");
        List<IntColumn> ranks = new ArrayList<>();
        for (double f : TaskRanks.FRACTIONS) {
            ranks.add(IntColumn.create("r" + Math.round(f * 100)));
        }
        for (Method m : List.of(Method.LORA, Method.TRUNCATED)) {
            for (long s : spec.seeds()) {
                method.append(m.label());
                seed.append(s);
                for (int i = 0; i < TaskRanks.FRACTIONS.length; i++) {
                    appendOrMissing(ranks.get(i), taskRank(m, TaskRanks.FRACTIONS[i], s));
                }
            }
        }
        Table t = Table.create("task_ranks", method, seed);
        ranks.forEach(t::addColumns);
        return t;
    }

    /**
     * r90, r95 and r99 summarised over seeds, per method: in how many seeds the share was reached, and the
     * median, smallest and largest rank among those seeds (missing when no seed reached it).
     */
    public Table taskRanksSummaryTable() {
        StringColumn method = StringColumn.create("method");
        StringColumn share = StringColumn.create("task_rank");
        StringColumn reached = StringColumn.create("seeds_reached");
        DoubleColumn median = DoubleColumn.create("median");
        IntColumn min = IntColumn.create("min");
        IntColumn max = IntColumn.create("max");
        for (Method m : List.of(Method.LORA, Method.TRUNCATED)) {
            for (double f : TaskRanks.FRACTIONS) {
                int[] ranks = spec.seeds().stream().map(s -> taskRank(m, f, s)).filter(OptionalInt::isPresent)
                        .mapToInt(OptionalInt::getAsInt).sorted().toArray();
                method.append(m.label());
                share.append("r" + Math.round(f * 100));
                reached.append(ranks.length + " of " + spec.seeds().size());
                if (ranks.length == 0) {
                    median.appendMissing();
                    min.appendMissing();
                    max.appendMissing();
                } else {
                    int n = ranks.length;
                    median.append(n % 2 == 1 ? ranks[n / 2] : (ranks[n / 2 - 1] + ranks[n / 2]) / 2.0);
                    min.append(ranks[0]);
                    max.append(ranks[n - 1]);
                }
            }
        }
        return Table.create("task_ranks_summary", method, share, reached, median, min, max);
    }

    private static void appendOrMissing(IntColumn column, OptionalInt value) {
        if (value.isPresent()) {
            column.append(value.getAsInt());
        } else {
            column.appendMissing();
        }
    }
}
