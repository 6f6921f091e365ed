package org.loralab.spectrum;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tables of DESIGN.md for a list of analysed updates: {@code layers.csv} and {@code spectrum.csv}.
 * A metric that was not computed (NaN, or {@link SpectrumMetrics#UNKNOWN} for ranks, as with a top-k
 * spectrum) is a missing cell, never a number.
 */
public final class SpectrumTables {
    private static final Map<String, ToDoubleFunction<SpectrumMetrics>> REAL = new LinkedHashMap<>();
    private static final Map<String, ToIntFunction<SpectrumMetrics>> INTEGER = new LinkedHashMap<>();

    static {
        REAL.put("frobenius", SpectrumMetrics::frobenius);
        REAL.put("spectral_norm", SpectrumMetrics::spectralNorm);
        REAL.put("nuclear_norm", SpectrumMetrics::nuclearNorm);
        REAL.put("stable_rank", SpectrumMetrics::stableRank);
        REAL.put("entropy_rank", SpectrumMetrics::entropyRank);
        REAL.put("participation_ratio", SpectrumMetrics::participationRatio);
        INTEGER.put("energy_rank_90", SpectrumMetrics::energyRank90);
        INTEGER.put("energy_rank_95", SpectrumMetrics::energyRank95);
        INTEGER.put("energy_rank_99", SpectrumMetrics::energyRank99);
        INTEGER.put("numerical_rank", SpectrumMetrics::numericalRank);
    }

    private SpectrumTables() {
    }

    /** {@code layers.csv}: tensor, rows, cols, the metrics in DESIGN.md's order, relative_update. */
    public static Table layers(List<UpdateSpectrum> spectra) {
        Table t = Table.create("layers", StringColumn.create("tensor", spectra.stream().map(UpdateSpectrum::tensor)),
                IntColumn.create("rows", spectra.stream().mapToInt(UpdateSpectrum::rows).toArray()),
                IntColumn.create("cols", spectra.stream().mapToInt(UpdateSpectrum::cols).toArray()));
        REAL.forEach((name, metric) -> {
            DoubleColumn column = DoubleColumn.create(name);
            spectra.forEach(s -> {
                double v = metric.applyAsDouble(s.metrics());
                if (Double.isNaN(v)) {
                    column.appendMissing();
                } else {
                    column.append(v);
                }
            });
            t.addColumns(column);
        });
        INTEGER.forEach((name, metric) -> {
            IntColumn column = IntColumn.create(name);
            spectra.forEach(s -> {
                int v = metric.applyAsInt(s.metrics());
                if (v == SpectrumMetrics.UNKNOWN) {
                    column.appendMissing();
                } else {
                    column.append(v);
                }
            });
            t.addColumns(column);
        });
        DoubleColumn relative = DoubleColumn.create("relative_update");
        spectra.forEach(s -> s.relativeUpdate().ifPresentOrElse(relative::append, relative::appendMissing));
        return t.addColumns(relative);
    }

    /** {@code spectrum.csv}: tensor, index (from 1), sigma; every value computed. */
    public static Table spectrum(List<UpdateSpectrum> spectra) {
        StringColumn tensor = StringColumn.create("tensor");
        IntColumn index = IntColumn.create("index");
        DoubleColumn sigma = DoubleColumn.create("sigma");
        for (UpdateSpectrum s : spectra) {
            for (int i = 0; i < s.sigma().length; i++) {
                tensor.append(s.tensor());
                index.append(i + 1);
                sigma.append(s.sigma()[i]);
            }
        }
        return Table.create("spectrum", tensor, index, sigma);
    }
}
