package org.loralab.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.results.ExperimentResults;
import org.loralab.results.MeanInterval;
import org.loralab.results.SeedTestBootstrap;
import org.loralab.results.Split;
import org.loralab.results.TrialResult;
import org.loralab.results.UpdateNames;
import org.loralab.spectrum.SpectrumMetrics;
import org.loralab.spectrum.UpdateSpectrum;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A study's results: each point's {@link ExperimentResults}, and what the study reads across them, per axis value
 * ({@link StudyValue}) and per value and seed ({@link #table()}, {@code study.csv}). Everything is measured on test
 * after validation chose learning rates, epochs and the LoRA configuration inside each point.
 */
public final class StudyResults {
    /** The share of full fine-tuning's improvement that r90 and d90 ask for. */
    public static final double SHARE = 0.90;
    private static final double LEVEL = 0.95;

    private final StudySpec study;
    private final Map<String, ExperimentResults> byPoint;
    private final Map<StudyAxis, List<StudyValue>> values = new java.util.concurrent.ConcurrentHashMap<>();

    private StudyResults(StudySpec study, Map<String, ExperimentResults> byPoint) {
        this.study = study;
        this.byPoint = byPoint;
    }

    /** @param byPoint each point's results, by label; every point of the study must be there */
    public static StudyResults of(StudySpec study, Map<String, ExperimentResults> byPoint) {
        for (StudyPoint p : study.points()) {
            if (!byPoint.containsKey(p.label())) {
                throw new IllegalArgumentException("no results for point " + p.label());
            }
        }
        return new StudyResults(study, new LinkedHashMap<>(byPoint));
    }

    public StudySpec study() {
        return study;
    }

    /** The results of the point labelled {@code label}. */
    public ExperimentResults point(String label) {
        return byPoint.get(label);
    }

    /** The LoRA ranks every point of {@code axis} swept (the fractions compared across its values). */
    public List<Integer> commonRanks(StudyAxis axis) {
        TreeSet<Integer> common = null;
        for (StudyPoint p : study.pointsOf(axis)) {
            TreeSet<Integer> ranks = new TreeSet<>(p.spec().lora().ranks());
            if (common == null) {
                common = ranks;
            } else {
                common.retainAll(ranks);
            }
        }
        return List.copyOf(common);
    }

    /** Each value of {@code axis}, in its order (computed once: the report, its tables and figures all read them). */
    public List<StudyValue> values(StudyAxis axis) {
        return values.computeIfAbsent(axis, this::computeValues);
    }

    private List<StudyValue> computeValues(StudyAxis axis) {
        List<StudyValue> out = new ArrayList<>();
        List<Integer> common = commonRanks(axis);
        for (int i = 0; i < axis.values().size(); i++) {
            out.add(value(axis.values().get(i), axis.points().get(i), common));
        }
        return List.copyOf(out);
    }

    private StudyValue value(double value, String label, List<Integer> common) {
        ExperimentResults r = byPoint.get(label);
        ExperimentSpec spec = r.spec();
        LoraVariant best = r.bestVariant();
        RankEstimate r90 = rank(r, Method.LORA, best.name(), spec.lora().ranks());
        Optional<RankEstimate> d90 = spec.subspace().map(sub -> rank(r, Method.SUBSPACE, "", sub.dimensions()));
        long subspaceParameters = spec.subspace().map(sub -> sub.parameters(spec.task().model())).orElse(0L);
        Map<Integer, FractionEstimate> fractions = new LinkedHashMap<>();
        for (int rank : common) {
            MeanInterval seeds = r.fractionOverSeeds(Method.LORA, best.name(), rank);
            double[] interval = r.resampledFractions(Method.LORA, best.name(), rank)
                    .map(f -> SeedTestBootstrap.interval(f, SeedTestBootstrap::mean, LEVEL))
                    .orElse(new double[] {Double.NaN, Double.NaN});
            fractions.put(rank, new FractionEstimate(seeds.mean(), interval[0], interval[1]));
        }
        double[] energy = spec.seeds().stream().mapToDouble(seed -> energyRankRelative(r, seed)).filter(Double::isFinite)
                .toArray();
        double seconds = r.jobSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        return new StudyValue(value, label, parameters(r), moduleWidth(spec, best), r90, d90, subspaceParameters,
                MeanInterval.of(energy), fractions, seconds);
    }

    /** The median over seeds of r_t on test, with its seed-and-test interval. */
    private static RankEstimate rank(ExperimentResults r, Method method, String config, List<Integer> ranks) {
        List<OptionalInt> perSeed = r.spec().seeds().stream()
                .map(seed -> r.taskRank(Split.TEST, method, config, SHARE, seed)).toList();
        double[] values = perSeed.stream().mapToDouble(o -> o.isPresent() ? o.getAsInt() : Double.POSITIVE_INFINITY)
                .toArray();
        int reached = (int) perSeed.stream().filter(OptionalInt::isPresent).count();
        double[] interval = r.resampledTaskRanks(method, config, ranks, SHARE)
                .map(t -> SeedTestBootstrap.interval(t, SeedTestBootstrap::median, LEVEL))
                .orElse(new double[] {Double.NaN, Double.NaN});
        return new RankEstimate(SeedTestBootstrap.median(values), interval[0], interval[1], reached, values.length);
    }

    /** The smallest min(d, k) among the modules {@code variant} adapts. */
    static int moduleWidth(ExperimentSpec spec, LoraVariant variant) {
        return spec.task().model().moduleShapes().entrySet().stream().filter(e -> variant.targets().matches(e.getKey()))
                .mapToInt(e -> Math.min(e.getValue()[0], e.getValue()[1])).min().orElseThrow();
    }

    /** What full fine-tuning trains: every parameter of the model (from its trial, the first seed's). */
    private static long parameters(ExperimentResults r) {
        return r.trials().stream().filter(t -> t.method() == Method.FULL).mapToLong(TrialResult::trainableParams)
                .findFirst().orElse(0L);
    }

    /** Mean over the linear modules of energy_rank_90 / min(d, k) of seed {@code seed}'s full update; NaN if none known. */
    static double energyRankRelative(ExperimentResults r, long seed) {
        Map<String, int[]> shapes = r.spec().task().model().moduleShapes();
        String prefix = UpdateNames.full(seed, "");
        return r.spectra().stream().filter(s -> s.tensor().startsWith(prefix)
                        && shapes.containsKey(s.tensor().substring(prefix.length()))
                        && s.metrics().energyRank90() != SpectrumMetrics.UNKNOWN)
                .mapToDouble(s -> (double) s.metrics().energyRank90() / Math.min(s.rows(), s.cols()))
                .average().orElse(Double.NaN);
    }

    /**
     * {@code study.csv}: one row per axis, value and seed, with the test values the study compares (empty cells where a
     * rank was not reached or a method not trained).
     */
    public Table table() {
        StringColumn axisColumn = StringColumn.create("axis");
        DoubleColumn valueColumn = DoubleColumn.create("value");
        StringColumn pointColumn = StringColumn.create("point");
        LongColumn seedColumn = LongColumn.create("seed");
        LongColumn params = LongColumn.create("parameters");
        LongColumn width = LongColumn.create("module_width");
        DoubleColumn base = DoubleColumn.create("metric_base");
        DoubleColumn full = DoubleColumn.create("metric_full");
        DoubleColumn r90 = DoubleColumn.create("r90");
        DoubleColumn r90Relative = DoubleColumn.create("r90_relative");
        DoubleColumn d90 = DoubleColumn.create("d90");
        LongColumn subspaceParams = LongColumn.create("subspace_parameters");
        DoubleColumn d90Relative = DoubleColumn.create("d90_relative");
        DoubleColumn energy = DoubleColumn.create("energy_rank_90_relative");
        TreeSet<Integer> allRanks = new TreeSet<>();
        study.axes().forEach(a -> allRanks.addAll(commonRanks(a)));
        Map<Integer, DoubleColumn> fractions = new LinkedHashMap<>();
        allRanks.forEach(rank -> fractions.put(rank, DoubleColumn.create("fraction_r" + rank)));
        for (StudyAxis axis : study.axes()) {
            for (StudyValue v : values(axis)) {
                ExperimentResults r = byPoint.get(v.point());
                String config = r.bestVariant().name();
                for (long seed : r.spec().seeds()) {
                    axisColumn.append(axis.key());
                    valueColumn.append(v.value());
                    pointColumn.append(v.point());
                    seedColumn.append(seed);
                    params.append(v.parameters());
                    width.append(v.moduleWidth());
                    appendOrMissing(base, r.trial(Method.BASE, 0, seed).map(TrialResult::metric).orElse(Double.NaN));
                    appendOrMissing(full, r.trial(Method.FULL, 0, seed).map(TrialResult::metric).orElse(Double.NaN));
                    OptionalInt rt = r.taskRank(Split.TEST, Method.LORA, config, SHARE, seed);
                    appendOrMissing(r90, rt.isPresent() ? rt.getAsInt() : Double.NaN);
                    appendOrMissing(r90Relative, rt.isPresent() ? (double) rt.getAsInt() / v.moduleWidth() : Double.NaN);
                    OptionalInt dt = r.spec().subspace().isPresent()
                            ? r.taskRank(Split.TEST, Method.SUBSPACE, "", SHARE, seed) : OptionalInt.empty();
                    appendOrMissing(d90, dt.isPresent() ? dt.getAsInt() : Double.NaN);
                    subspaceParams.append(v.subspaceParameters());
                    appendOrMissing(d90Relative, dt.isPresent() ? (double) dt.getAsInt() / v.subspaceParameters() : Double.NaN);
                    appendOrMissing(energy, energyRankRelative(r, seed));
                    for (Map.Entry<Integer, DoubleColumn> f : fractions.entrySet()) {
                        appendOrMissing(f.getValue(), v.fractions().containsKey(f.getKey())
                                ? r.trial(Method.LORA, config, f.getKey(), seed).filter(TrialResult::ok)
                                .map(r::fractionOfFull).orElse(Double.NaN) : Double.NaN);
                    }
                }
            }
        }
        Table t = Table.create("study", axisColumn, valueColumn, pointColumn, seedColumn, params, width, base, full, r90,
                r90Relative, d90, subspaceParams, d90Relative, energy);
        fractions.values().forEach(t::addColumns);
        return t;
    }

    private static void appendOrMissing(DoubleColumn column, double value) {
        if (Double.isFinite(value)) {
            column.append(value);
        } else {
            column.appendMissing();
        }
    }
}
