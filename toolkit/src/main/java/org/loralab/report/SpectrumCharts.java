package org.loralab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.loralab.results.ExperimentResults;
import org.loralab.spectrum.UpdateSpectrum;

/** The report's figures of the updates themselves: their singular values and truncation errors. */
final class SpectrumCharts {
    private SpectrumCharts() {
    }

    /**
     * Singular values of the full fine-tuning update of each module (first seed) and of the planted
     * updates, on a log scale, with a vertical line at the planted rank r* when there is one.
     */
    static Figure spectra(ExperimentResults results, int plantedRank) {
        XYChart chart = Charts.chart("Singular values of the weight updates dW", "index i", "sigma_i (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        long firstSeed = results.spec().seeds().get(0);
        double floor = Double.MAX_VALUE;
        double top = 0;
        // full updates first, planted ones last so that they are drawn on top
        List<UpdateSpectrum> shown = new ArrayList<>(results.spectra().stream()
                .filter(s -> s.tensor().startsWith("seed=" + firstSeed + "/")).toList());
        shown.addAll(results.spectra().stream().filter(s -> isPlantedIn(s, firstSeed)).toList());
        for (UpdateSpectrum s : shown) {
            boolean planted = s.tensor().startsWith("planted/");
            double[] sigma = s.sigma();
            double max = sigma.length == 0 ? 0 : sigma[0];
            // on a log axis, drop values at round-off level: they would squash the informative part
            double[] kept = java.util.Arrays.stream(sigma).filter(v -> v > max * 1e-12).toArray();
            if (kept.length == 0) {
                continue;
            }
            double[] index = IntStream.rangeClosed(1, kept.length).asDoubleStream().toArray();
            XYSeries series = chart.addSeries(s.tensor(), index, kept);
            if (planted) {
                series.setLineStyle(Charts.DASHED);
                series.setMarker(SeriesMarkers.DIAMOND);
            }
            floor = Math.min(floor, kept[kept.length - 1]);
            top = Math.max(top, kept[0]);
        }
        if (plantedRank > 0 && top > 0) {
            XYSeries line = chart.addSeries("r* = " + plantedRank, new double[] {plantedRank, plantedRank},
                    new double[] {floor, top});
            line.setLineColor(Color.GRAY);
            line.setLineStyle(Charts.DASHED);
            line.setMarker(SeriesMarkers.NONE);
        }
        return Charts.figure("spectrum", "Singular values of " + (plantedRank > 0 ? "each planted update dW* (dashed) and of " : "")
                + "the full fine-tuning update of every module (seed " + firstSeed + ")"
                + (plantedRank > 0 ? "; the grey line marks the planted rank r* = " + plantedRank : "") + ".", chart);
    }

    /** Whether {@code s} is a planted update of the task seed {@code seed} trains on (the one task, or its own). */
    private static boolean isPlantedIn(UpdateSpectrum s, long seed) {
        return s.tensor().startsWith("planted/") && (!s.tensor().startsWith("planted/seed=")
                || s.tensor().startsWith("planted/seed=" + seed + "/"));
    }

    /** Truncation error e(r) of each update (planted and first seed's full updates). */
    static Figure truncationCurves(ExperimentResults results) {
        XYChart chart = Charts.chart("Best rank-r approximation of each update", "rank r", "relative Frobenius error e(r)");
        long firstSeed = results.spec().seeds().get(0);
        for (UpdateSpectrum s : results.spectra()) {
            boolean planted = isPlantedIn(s, firstSeed);
            if (!planted && !s.tensor().startsWith("seed=" + firstSeed + "/")) {
                continue;
            }
            double[] e = s.truncationErrors();
            XYSeries series = chart.addSeries(s.tensor(), IntStream.range(0, e.length).asDoubleStream().toArray(), e);
            series.setMarker(SeriesMarkers.NONE);
            if (planted) {
                series.setLineStyle(Charts.DASHED);
            }
        }
        return Charts.figure("truncation", "Relative error of the best rank-r approximation of each update, "
                + "e(r) = sqrt(sum_{i>r} sigma_i^2 / sum_i sigma_i^2)"
                + (results.spec().task().plantedRank() > 0 ? "; dashed: planted updates." : "."), chart);
    }

}
