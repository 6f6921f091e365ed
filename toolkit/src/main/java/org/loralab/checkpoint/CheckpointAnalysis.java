package org.loralab.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.BadInputException;
import org.loralab.format.Checkpoint;
import org.loralab.format.TensorInfo;
import org.loralab.linalg.Lapack;
import org.loralab.peft.PeftAdapter;
import org.loralab.spectrum.LoraSpectrum;
import org.loralab.spectrum.RandomizedSvd;
import org.loralab.spectrum.SpectrumMetrics;
import org.loralab.spectrum.UpdateSpectrum;

/**
 * The update spectrum of every 2-D tensor of a checkpoint pair (dW = tuned - base) or of a checkpoint of
 * updates, one tensor at a time: at most the base, the tuned tensor and their difference are in memory.
 * All arithmetic is in double; the numerical rank uses the epsilon of the tensor's stored type.
 */
public final class CheckpointAnalysis {
    /** Oversampling and power iterations of the randomized top-k SVD (q = 2 gives 1e-9 on low-rank-plus-noise). */
    private static final int OVERSAMPLING = 10;
    private static final int POWER_ITERATIONS = 2;

    private CheckpointAnalysis() {
    }

    /**
     * @param include        only tensors whose name contains a match (null: all)
     * @param topK           randomized top-k singular values instead of all of them
     * @param conv1d         2-D tensors are GPT-2 {@code Conv1D} weights [in, out]: transpose them to [out, in]
     * @param skipMismatched skip, with a note, tensors only in one checkpoint or of different shapes (else an error)
     */
    public record Options(Pattern include, OptionalInt topK, boolean conv1d, boolean skipMismatched) {
        boolean included(String name) {
            return include == null || include.matcher(name).find();
        }
    }

    /** A tensor that was not analysed, and why. */
    public record Skipped(String tensor, String reason) {
    }

    /** Told about progress: the number of tensors to analyse, then each one done. */
    public interface Listener {
        void planned(int tensors);

        void analysed(UpdateSpectrum spectrum);
    }

    /** What was analysed and what was skipped. */
    public record Result(List<UpdateSpectrum> spectra, List<Skipped> skipped) {
        /**
         * The updates that are zero, or whose every singular value is below the stored type's rounding (numerical
         * rank 0): the two checkpoints agree there, as far as their files can say.
         */
        public List<String> zeroUpdates() {
            return zeroUpdates(spectra);
        }

        /** {@link #zeroUpdates()} of any spectra. */
        public static List<String> zeroUpdates(List<UpdateSpectrum> spectra) {
            return spectra.stream().filter(s -> s.metrics().numericalRank() == 0).map(UpdateSpectrum::tensor).toList();
        }

        /** One sentence about {@link #zeroUpdates()}, or empty when there are none. */
        public static java.util.Optional<String> zeroSentence(List<UpdateSpectrum> spectra) {
            List<String> zero = zeroUpdates(spectra);
            if (zero.isEmpty()) {
                return java.util.Optional.empty();
            }
            String which = zero.size() <= 5 ? String.join(", ", zero)
                    : String.join(", ", zero.subList(0, 5)) + " and " + (zero.size() - 5) + " more";
            return java.util.Optional.of((zero.size() == spectra.size() ? "every update (" + zero.size() + ") is"
                    : zero.size() + " of " + spectra.size() + " updates are") + " zero or below the stored type's "
                    + "rounding: " + which + (zero.size() == spectra.size() ? "; the two checkpoints hold the same weights"
                    : ""));
        }
    }

    /** dW = tuned - base for every tensor the two share by name. */
    public static Result pair(Checkpoint base, Checkpoint tuned, Options options, Listener listener) {
        List<Skipped> skipped = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : tuned.names()) {
            if (!options.included(name)) {
                continue;
            }
            TensorInfo t = tuned.info(name);
            if (!base.contains(name)) {
                mismatch(options, skipped, tuned.fileOf(name), name, "is not in the base checkpoint " + base.source());
            } else if (!java.util.Arrays.equals(base.info(name).shape(), t.shape())) {
                mismatch(options, skipped, tuned.fileOf(name), name, "has shape " + t.shapeText() + " but "
                        + base.info(name).shapeText() + " in the base checkpoint " + base.fileOf(name));
            } else if (!t.isMatrix()) {
                skipped.add(new Skipped(name, "shape " + t.shapeText() + " is not 2-D"));
            } else {
                names.add(name);
            }
        }
        for (String name : base.names()) {
            if (options.included(name) && !tuned.contains(name)) {
                mismatch(options, skipped, base.fileOf(name), name, "is not in the tuned checkpoint " + tuned.source());
            }
        }
        listener.planned(names.size());
        List<UpdateSpectrum> spectra = new ArrayList<>();
        for (String name : names) {
            DMatrixRMaj delta = finite(tuned, name, tuned.matrix(name, options.conv1d()));
            DMatrixRMaj w = finite(base, name, base.matrix(name, options.conv1d()));
            double baseNorm = org.ejml.dense.row.NormOps_DDRM.normF(w);
            CommonOps_DDRM.subtractEquals(delta, w);
            w = null; // only dW stays in memory from here
            UpdateSpectrum s = analyse(name, delta, baseNorm, tuned.info(name).dtype().epsilon(), options.topK());
            spectra.add(s);
            listener.analysed(s);
        }
        return new Result(spectra, skipped);
    }

    /** Every 2-D tensor of {@code deltas} is an update dW (no base known). */
    public static Result deltas(Checkpoint deltas, Options options, Listener listener) {
        List<Skipped> skipped = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : deltas.names()) {
            if (!options.included(name)) {
                continue;
            }
            if (deltas.info(name).isMatrix()) {
                names.add(name);
            } else {
                skipped.add(new Skipped(name, "shape " + deltas.info(name).shapeText() + " is not 2-D"));
            }
        }
        listener.planned(names.size());
        List<UpdateSpectrum> spectra = new ArrayList<>();
        for (String name : names) {
            DMatrixRMaj delta = finite(deltas, name, deltas.matrix(name, options.conv1d()));
            UpdateSpectrum s = analyse(name, delta, Double.NaN, deltas.info(name).dtype().epsilon(), options.topK());
            spectra.add(s);
            listener.analysed(s);
        }
        return new Result(spectra, skipped);
    }

    /**
     * The exact spectrum of every module's update dW = scaling B A of a PEFT adapter, from its factors (only
     * the r nonzero singular values are listed; the others are exactly 0). With a base checkpoint, each
     * module's {@code <module>.weight} gives relative_update; it is stored [in, out] when the adapter says
     * {@code fan_in_fan_out} or the options say {@code conv1d}. Rows are named by the weight tensor
     * ({@code <module>.weight}), as for checkpoint pairs, so that results join. Ranks use double precision.
     */
    public static Result adapter(PeftAdapter peft, Checkpoint base, Options options, Listener listener) {
        PeftAdapter adapter = options.conv1d() ? peft.withFanInFanOut(true) : peft;
        List<Skipped> skipped = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, PeftAdapter.Factors> e : adapter.modules().entrySet()) {
            if (!options.included(e.getKey())) {
                continue;
            }
            String weight = e.getKey() + ".weight";
            if (base != null && !base.contains(weight)) {
                mismatch(options, skipped, base.source(), weight, "(the base weight of adapter module '" + e.getKey()
                        + "') is not in the base checkpoint");
                continue;
            }
            if (base != null) {
                long[] shape = base.info(weight).shape();
                PeftAdapter.Factors f = e.getValue();
                long[] expected = adapter.baseWeightShape(f);
                if (shape.length != 2 || shape[0] != expected[0] || shape[1] != expected[1]) {
                    mismatch(options, skipped, base.fileOf(weight), weight, "has shape " + base.info(weight).shapeText()
                            + " but the adapter's update is " + f.b().numRows + "x" + f.a().numCols + " (out x in)"
                            + (adapter.fanInFanOut() ? "; under fan_in_fan_out the base must be in x out" : ""));
                    continue;
                }
            }
            names.add(e.getKey());
        }
        listener.planned(names.size());
        List<UpdateSpectrum> spectra = new ArrayList<>();
        for (String module : names) {
            PeftAdapter.Factors f = adapter.modules().get(module);
            double[] sigma = LoraSpectrum.of(f.b(), f.a(), adapter.scaling(module)).s();
            int rows = f.b().numRows;
            int cols = f.a().numCols;
            SpectrumMetrics metrics = SpectrumMetrics.of(sigma, rows, cols, SpectrumMetrics.DOUBLE_EPSILON);
            java.util.OptionalDouble relative = java.util.OptionalDouble.empty();
            if (base != null) {
                DMatrixRMaj w = finite(base, module + ".weight", base.matrix(module + ".weight", adapter.fanInFanOut()));
                relative = java.util.OptionalDouble.of(metrics.frobenius() / org.ejml.dense.row.NormOps_DDRM.normF(w));
            }
            UpdateSpectrum s = new UpdateSpectrum(module + ".weight", rows, cols, sigma, metrics, relative);
            spectra.add(s);
            listener.analysed(s);
        }
        return new Result(spectra, skipped);
    }

    /**
     * The spectrum of one update (its array may be overwritten).
     *
     * @param baseNorm ||W||_F, or NaN when the base is unknown
     */
    static UpdateSpectrum analyse(String name, DMatrixRMaj delta, double baseNorm, double eps, OptionalInt topK) {
        int n = Math.min(delta.numRows, delta.numCols);
        double[] sigma;
        SpectrumMetrics metrics;
        if (topK.isPresent() && topK.getAsInt() < n) {
            double sumOfSquares = 0;
            for (int i = 0; i < delta.getNumElements(); i++) {
                sumOfSquares += delta.data[i] * delta.data[i];
            }
            sigma = RandomizedSvd.of(delta, topK.getAsInt(), OVERSAMPLING, POWER_ITERATIONS, 0).svd().s();
            metrics = SpectrumMetrics.ofTop(sigma, sumOfSquares, delta.numRows, delta.numCols, eps);
        } else {
            sigma = Lapack.singularValuesInPlace(delta.data, delta.numRows, delta.numCols);
            metrics = SpectrumMetrics.of(sigma, delta.numRows, delta.numCols, eps);
        }
        java.util.OptionalDouble relative = Double.isNaN(baseNorm) ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(metrics.frobenius() / baseNorm);
        return new UpdateSpectrum(name, delta.numRows, delta.numCols, sigma, metrics, relative);
    }

    private static void mismatch(Options options, List<Skipped> skipped, java.nio.file.Path file, String name,
                                 String what) {
        if (!options.skipMismatched()) {
            throw new BadInputException(file + ": tensor '" + name + "' " + what + " (--skip-mismatched skips such tensors)");
        }
        skipped.add(new Skipped(name, what));
    }

    private static DMatrixRMaj finite(Checkpoint checkpoint, String name, DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                throw new BadInputException(checkpoint.fileOf(name) + ": tensor '" + name + "' holds " + m.data[i]
                        + " at (" + i / m.numCols + ", " + i % m.numCols + "); its spectrum is undefined");
            }
        }
        return m;
    }
}
