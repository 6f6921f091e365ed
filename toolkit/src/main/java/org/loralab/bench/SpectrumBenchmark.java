package org.loralab.bench;

import org.loralab.reference.Numpy;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.Numbers;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.RandomMatrices;
import org.loralab.spectrum.LoraSpectrum;
import org.loralab.spectrum.RandomizedSvd;
import org.loralab.spectrum.SpectrumSolver;

/**
 * Times every way of computing a spectrum on the same matrices, with numpy's {@code linalg.svd} on those
 * matrices in the same run when numpy is installed: all singular values of n x n matrices (each
 * {@link SpectrumSolver}, and LAPACK with vectors), the randomized top-k of a large low-rank-plus-noise
 * matrix against its full spectrum, and the exact spectrum of a LoRA update from its factors against the
 * dense SVD of the product. Each time is the median of several runs; errors are against LAPACK in double.
 */
public final class SpectrumBenchmark {
    private SpectrumBenchmark() {
    }

    /**
     * @param sizes     n of the n x n full-spectrum matrices
     * @param large     n of the randomized and LoRA-factor cases
     * @param topK      k of the randomized SVD
     * @param loraRank  r of the LoRA-factor case
     * @param repeats   timed runs per measurement (the median is reported)
     * @param ejmlMax   largest n given to EJML (slow)
     * @param useNumpy  whether to time numpy when it is installed
     */
    public record Settings(List<Integer> sizes, int large, int topK, int loraRank, int repeats, int ejmlMax, boolean useNumpy) {
        public Settings {
            sizes = List.copyOf(sizes);
            if (sizes.stream().anyMatch(n -> n < 2) || large < 2 || topK < 1 || topK > large || loraRank < 1
                    || loraRank > large || repeats < 1) {
                throw new IllegalArgumentException("need sizes and --large >= 2, 1 <= k, r <= --large, repeats >= 1");
            }
        }
    }

    /**
     * One measurement.
     *
     * @param section  what is measured (full spectrum, randomized top-k, LoRA factors)
     * @param matrix   the test matrix
     * @param path     the method
     * @param millis   median milliseconds
     * @param baseline the milliseconds of this row's reference in the same run (numpy, or the full SVD), or NaN
     * @param error    max |s_i - s_i(reference)| / s_1 over all values (full spectra), or max |s_i - s_i(reference)| / s_i
     *                 over the values computed (top-k and LoRA rows, where every value is meant to be accurate); NaN
     *                 where not measured
     */
    public record Row(String section, String matrix, String path, double millis, double baseline, double error) {
        public double ratio() {
            return millis / baseline;
        }
    }

    /** All measurements, and the numpy that was timed (empty when none). */
    public record Report(Settings settings, Optional<String> numpy, List<Row> rows) {
        /** A Markdown table of the rows. */
        public String markdown() {
            StringBuilder md = new StringBuilder();
            md.append("| section | matrix | path | ms | reference ms | ratio | error |\n|---|---|---|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s | %s | %s |%n", r.section(), r.matrix(),
                        r.path(), r.millis(), Double.isNaN(r.baseline()) ? "" : String.format(Locale.ROOT, "%.1f", r.baseline()),
                        Double.isNaN(r.baseline()) ? "" : String.format(Locale.ROOT, "%.3f", r.ratio()),
                        Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, "%.1e", r.error())));
            }
            md.append(String.format(Locale.ROOT, "%nms: median of %d runs (1 for full spectra at n = %d). reference: numpy's time"
                    + " on the same matrix for the first two sections, LAPACK's full spectrum for the last two; ratio ="
                    + " ms / reference ms. error: against LAPACK dgesdd in double; max |s_i - ref_i| / s_1 over all values"
                    + " in the first two sections, max |s_i - ref_i| / ref_i over the computed values in the last two.%n",
                    settings.repeats(), settings.large()));
            return md.toString();
        }
    }

    public static Report run(Settings s, PrintWriter progress) {
        Optional<Numpy> numpy = s.useNumpy() ? Numpy.find() : Optional.empty();
        progress.println(numpy.map(n -> "numpy: " + n.version() + " via " + n.python()).orElse("numpy: not found (set LORALAB_PYTHON)"));
        warmUp();
        List<Row> rows = new ArrayList<>();
        Path dir = temporaryFolder();
        try {
            for (int n : s.sizes()) {
                SplittableRandom rng = new SplittableRandom(n);
                fullSpectrum(s, "gaussian " + n + "x" + n, RandomMatrices.gaussian(n, n, rng), numpy, dir, rows, progress);
                fullSpectrum(s, "rank 64 + noise " + n + "x" + n, lowRankPlusNoise(n, rng), numpy, dir, rows, progress);
            }
            largeCases(s, numpy, dir, rows, progress);
        } finally {
            deleteFolder(dir);
        }
        return new Report(s, numpy.map(Numpy::version), rows);
    }

    /** Rank 64 with singular values 1 down to 0.1, plus noise of spectral norm about 0.01 (a tenth of the smallest). */
    private static DMatrixRMaj lowRankPlusNoise(int n, SplittableRandom rng) {
        return RandomMatrices.lowRankPlusNoise(n, n, Math.min(64, n), 0.1, 0.01 / (2 * Math.sqrt(n)), rng);
    }

    private static void fullSpectrum(Settings s, String name, DMatrixRMaj m, Optional<Numpy> numpy, Path dir,
                                     List<Row> rows, PrintWriter progress) {
        progress.println("full spectrum: " + name);
        double[] reference = SpectrumSolver.LAPACK.singularValues(m);
        Map<String, Double> numpyTimes = numpy.map(np -> numpyMillis(np, m, name, true, s.repeats(), dir)).orElse(Map.of());
        double numpyValues = numpyTimes.getOrDefault("values", Double.NaN);
        String section = "all singular values";
        if (!numpyTimes.isEmpty()) {
            rows.add(new Row(section, name, "numpy svd(compute_uv=False)", numpyValues, numpyValues, Double.NaN));
        }
        for (SpectrumSolver solver : SpectrumSolver.values()) {
            if (solver == SpectrumSolver.EJML && m.numRows > s.ejmlMax()) {
                continue;
            }
            double[][] result = new double[1][];
            double ms = medianMillis(s.repeats(), () -> result[0] = solver.singularValues(m));
            rows.add(new Row(section, name, solver.name(), ms, numpyValues, maxError(result[0], reference)));
        }
        String withVectors = "singular values and vectors";
        double numpyVectors = numpyTimes.getOrDefault("vectors", Double.NaN);
        if (!numpyTimes.isEmpty()) {
            rows.add(new Row(withVectors, name, "numpy svd(full_matrices=False)", numpyVectors, numpyVectors, Double.NaN));
        }
        double[][] values = new double[1][];
        double ms = medianMillis(s.repeats(), () -> values[0] = Lapack.svd(m).s());
        rows.add(new Row(withVectors, name, "LAPACK dgesdd", ms, numpyVectors, maxError(values[0], reference)));
    }

    private static void largeCases(Settings s, Optional<Numpy> numpy, Path dir, List<Row> rows, PrintWriter progress) {
        int n = s.large();
        SplittableRandom rng = new SplittableRandom(7);
        String name = "rank 64 + noise " + n + "x" + n;
        progress.println("randomized top-" + s.topK() + ": " + name + " (the full spectrum takes a while)");
        DMatrixRMaj m = lowRankPlusNoise(n, rng);
        double[][] full = new double[1][];
        double fullMs = medianMillis(1, () -> full[0] = SpectrumSolver.LAPACK.singularValues(m));
        String section = "top-" + s.topK() + " singular values";
        numpy.ifPresent(np -> {
            double npMs = numpyMillis(np, m, name, false, 1, dir).get("values");
            rows.add(new Row(section, name, "numpy svd(compute_uv=False), all values", npMs, fullMs, Double.NaN));
        });
        rows.add(new Row(section, name, "LAPACK dgesdd, all values", fullMs, fullMs, 0));
        for (int q : new int[] {1, 2}) {
            RandomizedSvd[] r = new RandomizedSvd[1];
            double ms = medianMillis(s.repeats(), () -> r[0] = RandomizedSvd.of(m, s.topK(), 10, q, 1));
            rows.add(new Row(section, name, "randomized (p = 10, q = " + q + ")", ms, fullMs,
                    maxRelativeError(r[0].svd().s(), full[0])));
        }

        progress.println("LoRA factors: d = k = " + n + ", r = " + s.loraRank());
        DMatrixRMaj b = RandomMatrices.gaussian(n, s.loraRank(), rng);
        DMatrixRMaj a = RandomMatrices.gaussian(s.loraRank(), n, rng);
        double scaling = 2.0;
        double[][] dense = new double[1][];
        double denseMs = medianMillis(1, () -> {
            DMatrixRMaj dw = Lapack.multiply(b, false, a, false);
            CommonOps_DDRM.scale(scaling, dw);
            dense[0] = SpectrumSolver.LAPACK.singularValues(dw);
        });
        String lora = "LoRA update s B A";
        String shape = n + "x" + n + ", r = " + s.loraRank();
        rows.add(new Row(lora, shape, "form s B A, LAPACK dgesdd", denseMs, denseMs, 0));
        double[][] factored = new double[1][];
        double ms = medianMillis(Math.max(s.repeats(), 10), () -> factored[0] = LoraSpectrum.of(b, a, scaling).s());
        rows.add(new Row(lora, shape, "from the factors (QR + r x r SVD)", ms, denseMs,
                maxRelativeError(factored[0], dense[0])));
    }

    private static Map<String, Double> numpyMillis(Numpy numpy, DMatrixRMaj m, String name, boolean vectors,
                                                   int repeats, Path dir) {
        Path file = dir.resolve("m.f64");
        Numpy.write(m, file);
        JsonNode row = numpy.run("time", List.of(file + " " + m.numRows + " " + m.numCols + " " + name.replace(' ', '_')
                + " " + (vectors ? "yes" : "no")), List.of(String.valueOf(repeats)), 3600).get(0);
        Map<String, Double> times = new LinkedHashMap<>();
        times.put("values", median(row.get("values_ms")));
        if (vectors) {
            times.put("vectors", median(row.get("vectors_ms")));
        }
        return times;
    }

    /** JIT and native libraries warmed on a small matrix, so that the first timed run is not penalised. */
    private static void warmUp() {
        DMatrixRMaj m = RandomMatrices.gaussian(200, 200, new SplittableRandom(1));
        for (SpectrumSolver solver : SpectrumSolver.values()) {
            solver.singularValues(m);
        }
        Lapack.svd(m);
        RandomizedSvd.of(m, 10, 10, 1, 1);
        LoraSpectrum.of(RandomMatrices.gaussian(200, 8, new SplittableRandom(2)), RandomMatrices.gaussian(8, 200,
                new SplittableRandom(3)), 1.0);
    }

    private static double medianMillis(int repeats, Runnable work) {
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return Numbers.median(ms);
    }

    private static double median(JsonNode values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asDouble();
        }
        return Numbers.median(v);
    }

    private static double maxError(double[] got, double[] reference) {
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - reference[i]));
        }
        return reference[0] == 0 ? worst : worst / reference[0];
    }

    private static double maxRelativeError(double[] got, double[] reference) {
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - reference[i]) / reference[i]);
        }
        return worst;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("loralab-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFolder(Path dir) {
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
