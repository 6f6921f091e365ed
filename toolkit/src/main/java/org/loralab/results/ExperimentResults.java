package org.loralab.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.task.Task;

/**
 * Everything an experiment measured, as values and as Tablesaw tables (the CSV files are written
 * from these tables). Rows are in a fixed order, so equal results give equal tables.
 */
public final class ExperimentResults {
    /** {@link #jobCode()}'s entry for a job whose store did not record its code. */
    public static final String UNRECORDED = "unrecorded";
    private final ExperimentSpec spec;
    private final List<TrialResult> allTrials;
    private final List<TrialResult> trials;
    private final List<UpdateSpectrum> spectra;
    private final Map<String, Double> jobSeconds;
    private final Map<String, String> jobCode;
    private final List<String> taskNotes;
    private final List<AdapterComparison> adapterComparisons;
    private final Map<Integer, PairedBootstrap> bootstraps = new HashMap<>(); // by test-set size
    private final Map<TrialResult, double[]> resampledMeans = new IdentityHashMap<>();

    private ExperimentResults(ExperimentSpec spec, List<TrialResult> trials, List<UpdateSpectrum> spectra,
                              Map<String, Double> jobSeconds, Map<String, String> jobCode, List<String> taskNotes,
                              List<AdapterComparison> adapterComparisons) {
        this.spec = spec;
        this.allTrials = trials;
        this.trials = trials.stream().filter(TrialResult::selected).toList();
        this.spectra = spectra;
        this.jobSeconds = jobSeconds;
        this.jobCode = jobCode;
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
        Map<String, String> code = new LinkedHashMap<>();
        for (JobResult j : sorted) {
            trials.addAll(j.trials());
            spectra.addAll(j.spectra());
            seconds.put(j.job().id(), j.seconds());
            code.put(j.job().id(), j.computedBy() == null ? UNRECORDED : j.computedBy());
        }
        trials.sort(Comparator.comparing(TrialResult::method).thenComparingInt(t -> configs.indexOf(t.config()))
                .thenComparingInt(TrialResult::rank).thenComparingInt(t -> seeds.indexOf(t.seed())));
        return new ExperimentResults(spec, List.copyOf(trials), List.copyOf(spectra), seconds, code, List.copyOf(taskNotes),
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

    /**
     * The trials the validation set chose (one per method, configuration, rank and seed), ordered by method, LoRA
     * configuration, rank, seed: what every analysis uses.
     */
    public List<TrialResult> trials() {
        return trials;
    }

    /** Every evaluated model, the learning-rate searches' unchosen trials too (each search in the spec's order). */
    public List<TrialResult> allTrials() {
        return allTrials;
    }

    /** Spectra of the planted updates ({@code planted/<module>}), then of every full update by seed. */
    public List<UpdateSpectrum> spectra() {
        return spectra;
    }

    /**
     * The {@link CodeVersion} that computed each job, by job id (in seed order); {@value #UNRECORDED} for jobs read
     * from stores written before it was kept.
     */
    public Map<String, String> jobCode() {
        return jobCode;
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

    private double metric(Split split, Method method, long seed) {
        return trial(method, 0, seed).map(split::metric).orElse(Double.NaN);
    }

    /** Fraction of full fine-tuning's improvement that a trial recovers on the test set (same seed's base and full). */
    public double fractionOfFull(TrialResult t) {
        return fractionOfFull(Split.TEST, t);
    }

    /**
     * Fraction of full fine-tuning's improvement that a trial recovers on {@code split}: its metric against the same
     * seed's base model and selected full fine-tuning on the same split.
     */
    public double fractionOfFull(Split split, TrialResult t) {
        return TaskRanks.fractionOfFull(split.metric(t), metric(split, Method.BASE, t.seed()),
                metric(split, Method.FULL, t.seed()));
    }

    /**
     * The trial's fraction of full fine-tuning's test improvement on each resample of the paired bootstrap over test
     * examples (base, full fine-tuning and the trial of the same seed on the same resampled examples); empty when one
     * of them has no per-example scores (unselected or diverged trials, or results stored without them).
     */
    public java.util.Optional<double[]> resampledFractions(TrialResult t) {
        Optional<TrialResult> base = trial(Method.BASE, 0, t.seed());
        Optional<TrialResult> full = trial(Method.FULL, 0, t.seed());
        int n = t.testExamples().size();
        if (n == 0 || base.isEmpty() || full.isEmpty() || base.get().testExamples().size() != n
                || full.get().testExamples().size() != n) {
            return Optional.empty();
        }
        double[] m = resampledMeans(t);
        double[] b = resampledMeans(base.get());
        double[] f = resampledMeans(full.get());
        double[] out = new double[m.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = TaskRanks.fractionOfFull(m[i], b[i], f[i]);
        }
        return Optional.of(out);
    }

    private double[] resampledMeans(TrialResult t) {
        return resampledMeans.computeIfAbsent(t, k -> bootstraps.computeIfAbsent(k.testExamples().size(),
                PairedBootstrap::of).means(k.testExamples()));
    }

    /** The 95% percentile interval {low, high} of a trial's test fraction over test examples; empty as {@link #resampledFractions}. */
    public Optional<double[]> fractionTestInterval(TrialResult t) {
        return resampledFractions(t).map(f -> PairedBootstrap.percentileInterval(f, 0.95));
    }

    /**
     * The 95% interval {low, high} from test noise of the mean over seeds of the test fraction of {@code method} and
     * {@code config} at {@code rank}: each resample's fractions averaged over the seeds, then the percentiles. NaN
     * bounds when no seed's trial has per-example scores.
     */
    public double[] fractionTestIntervalOverSeeds(Method method, String config, int rank) {
        List<double[]> perSeed = okTrials(method, config, rank).map(this::resampledFractions).flatMap(Optional::stream)
                .toList();
        if (perSeed.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] mean = new double[perSeed.get(0).length];
        for (double[] f : perSeed) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += f[i] / perSeed.size();
            }
        }
        return PairedBootstrap.percentileInterval(mean, 0.95);
    }

    /**
     * Per seed (the spec's order), the test fraction of full fine-tuning's improvement at {@code rank} on each resample
     * of the paired bootstrap over test examples; empty when a seed's trial is missing or has no per-example scores.
     */
    public Optional<double[][]> resampledFractions(Method method, String config, int rank) {
        List<double[]> perSeed = new ArrayList<>();
        for (long seed : spec.seeds()) {
            Optional<double[]> f = trial(method, config, rank, seed).filter(TrialResult::ok).flatMap(this::resampledFractions);
            if (f.isEmpty()) {
                return Optional.empty();
            }
            perSeed.add(f.get());
        }
        return Optional.of(perSeed.toArray(double[][]::new));
    }

    /**
     * Per seed, r_t on each resample of the test examples ({@code +Infinity} where no rank reaches it): the smallest of
     * {@code ranks} whose resampled fraction reaches {@code fraction}; empty as {@link #resampledFractions(Method, String, int)}.
     */
    public Optional<double[][]> resampledTaskRanks(Method method, String config, List<Integer> ranks, double fraction) {
        List<double[][]> byRank = new ArrayList<>();
        for (int r : ranks) {
            Optional<double[][]> f = resampledFractions(method, config, r);
            if (f.isEmpty()) {
                return Optional.empty();
            }
            byRank.add(f.get());
        }
        int seeds = spec.seeds().size();
        int resamples = byRank.get(0)[0].length;
        double[][] out = new double[seeds][resamples];
        for (int s = 0; s < seeds; s++) {
            for (int b = 0; b < resamples; b++) {
                out[s][b] = Double.POSITIVE_INFINITY;
                for (int i = 0; i < ranks.size(); i++) {
                    if (byRank.get(i)[s][b] >= fraction) {
                        out[s][b] = ranks.get(i);
                        break;
                    }
                }
            }
        }
        return Optional.of(out);
    }

    /** r_t of {@code method} (lora: its first configuration, or truncated) for one seed on test; empty when not reached. */
    public OptionalInt taskRank(Method method, double fraction, long seed) {
        return taskRank(method, defaultConfig(method), fraction, seed);
    }

    /** r_t of {@code method} and configuration {@code config} for one seed on test; empty when not reached. */
    public OptionalInt taskRank(Method method, String config, double fraction, long seed) {
        return taskRank(Split.TEST, method, config, fraction, seed);
    }

    /** r_t of {@code method} and configuration {@code config} for one seed on {@code split}; empty when not reached. */
    public OptionalInt taskRank(Split split, Method method, String config, double fraction, long seed) {
        return taskRank(split, trials.stream().filter(t -> t.method() == method && t.config().equals(config)
                && t.seed() == seed), fraction, seed);
    }

    /** r_t of a curve of trials of one seed, against that seed's selected base and full fine-tuning on {@code split}. */
    private OptionalInt taskRank(Split split, Stream<TrialResult> curveTrials, double fraction, long seed) {
        TreeMap<Integer, Double> curve = new TreeMap<>();
        curveTrials.forEach(t -> curve.put(t.rank(), split.metric(t)));
        return TaskRanks.rankReaching(fraction, metric(split, Method.BASE, seed), metric(split, Method.FULL, seed), curve);
    }

    /**
     * r_t (test) of LoRA configuration {@code config} over the seeds had every rank been trained at {@code learningRate}
     * instead of the validation set's choice (the baseline stays the selected full fine-tuning): how much the verdict
     * depends on the learning rate.
     */
    public TaskRankSpread taskRankAtLearningRate(String config, double fraction, double learningRate) {
        return TaskRankSpread.of(spec.seeds().stream().map(s -> taskRank(Split.TEST, allTrials.stream().filter(t ->
                t.method() == Method.LORA && t.config().equals(config) && t.seed() == s
                        && Double.compare(t.learningRate(), learningRate) == 0), fraction, s)).toList());
    }

    /** r_t of {@code method} and configuration {@code config} over the seeds, on test. */
    public TaskRankSpread taskRankOverSeeds(Method method, String config, double fraction) {
        return taskRankOverSeeds(Split.TEST, method, config, fraction);
    }

    /** r_t of {@code method} and configuration {@code config} over the seeds, on {@code split}. */
    public TaskRankSpread taskRankOverSeeds(Split split, Method method, String config, double fraction) {
        return TaskRankSpread.of(spec.seeds().stream().map(s -> taskRank(split, method, config, fraction, s)).toList());
    }

    /** Mean and 95% interval over seeds of the test metric of {@code method} (LoRA: its first configuration) at {@code rank}. */
    public MeanInterval metricOverSeeds(Method method, int rank) {
        return metricOverSeeds(method, defaultConfig(method), rank);
    }

    /** Mean and 95% interval over seeds of the test metric of {@code method} and configuration {@code config} at {@code rank}. */
    public MeanInterval metricOverSeeds(Method method, String config, int rank) {
        return MeanInterval.of(okTrials(method, config, rank).mapToDouble(TrialResult::metric).toArray());
    }

    /** Mean and 95% interval over seeds of the fraction of full fine-tuning's improvement on test. */
    public MeanInterval fractionOverSeeds(Method method, int rank) {
        return fractionOverSeeds(method, defaultConfig(method), rank);
    }

    /** Mean and 95% interval over seeds of the fraction of full fine-tuning's improvement on test, for one configuration. */
    public MeanInterval fractionOverSeeds(Method method, String config, int rank) {
        return fractionOverSeeds(Split.TEST, method, config, rank);
    }

    /** Mean and 95% interval over seeds of the fraction of full fine-tuning's improvement on {@code split}. */
    public MeanInterval fractionOverSeeds(Split split, Method method, String config, int rank) {
        return MeanInterval.of(okTrials(method, config, rank).mapToDouble(t -> fractionOfFull(split, t))
                .filter(Double::isFinite).toArray());
    }

    private Stream<TrialResult> okTrials(Method method, String config, int rank) {
        return trials.stream().filter(t -> t.method() == method && t.config().equals(config) && t.rank() == rank && t.ok());
    }

    /**
     * The LoRA configuration the validation set chooses: the smallest median r90 over seeds on validation (never reached
     * counts as worst); ties go to the larger mean validation fraction of full fine-tuning at the smallest rank, then to
     * the earlier configuration of the spec. The test set plays no part.
     */
    public LoraVariant bestVariant() {
        int smallest = spec.lora().ranks().get(0);
        Comparator<LoraVariant> byR90 = Comparator.comparingDouble(v -> {
            TaskRankSpread r90 = taskRankOverSeeds(Split.VALIDATION, Method.LORA, v.name(), 0.90);
            return r90.reached() == 0 ? Double.POSITIVE_INFINITY : r90.median();
        });
        Comparator<LoraVariant> byLowRank = Comparator.comparingDouble(v -> {
            double f = fractionOverSeeds(Split.VALIDATION, Method.LORA, v.name(), smallest).mean();
            return Double.isNaN(f) ? Double.POSITIVE_INFINITY : -f;
        });
        return spec.lora().variants().stream().min(byR90.thenComparing(byLowRank)).orElseThrow();
    }

    /** The full updates' spectra of module {@code module}, one per seed. */
    public List<UpdateSpectrum> fullUpdates(String module) {
        return spectra.stream().filter(s -> UpdateNames.isFullUpdateOf(s.tensor(), module)).toList();
    }
}
