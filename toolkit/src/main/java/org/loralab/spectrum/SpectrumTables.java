package org.loralab.spectrum;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tables a list of analysed updates: {@code layers.csv} and {@code spectrum.csv}.
 * A metric that was not computed (NaN, or {@link SpectrumMetrics#UNKNOWN} for ranks, as with a top-k
 * spectrum) is a missing cell, never a number.
 */
public final class SpectrumTables {
    private SpectrumTables() {
    }

    /** {@code layers.csv}: tensor, rows, cols, the {@link RankMetric}s in order, relative_update. */
    public static Table layers(List<UpdateSpectrum> spectra) {
        Table t = Table.create("layers", StringColumn.create("tensor", spectra.stream().map(UpdateSpectrum::tensor)),
                IntColumn.create("rows", spectra.stream().mapToInt(UpdateSpectrum::rows).toArray()),
                IntColumn.create("cols", spectra.stream().mapToInt(UpdateSpectrum::cols).toArray()));
        for (RankMetric metric : RankMetric.values()) {
            if (metric.isInteger()) {
                IntColumn column = IntColumn.create(metric.column());
                spectra.forEach(s -> {
                    if (metric.isKnown(s.metrics())) {
                        column.append((int) metric.of(s.metrics()));
                    } else {
                        column.appendMissing();
                    }
                });
                t.addColumns(column);
            } else {
                DoubleColumn column = DoubleColumn.create(metric.column());
                spectra.forEach(s -> {
                    if (metric.isKnown(s.metrics())) {
                        column.append(metric.of(s.metrics()));
                    } else {
                        column.appendMissing();
                    }
                });
                t.addColumns(column);
            }
        }
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
