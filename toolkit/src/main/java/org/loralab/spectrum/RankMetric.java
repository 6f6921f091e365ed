package org.loralab.spectrum;

import java.util.function.ToDoubleFunction;

/**
 * The rank metrics of a spectrum, in the order of the {@code layers.csv} columns: the one list that the tables, the
 * notebook facade, the reports and the numpy cross-check read. A new metric is a {@link SpectrumMetrics} component and a
 * constant here (and its numpy definition in {@code numpy_spectrum.py}, which the cross-check asks for).
 */
public enum RankMetric {
    FROBENIUS("frobenius", false, SpectrumMetrics::frobenius),
    SPECTRAL_NORM("spectral_norm", false, SpectrumMetrics::spectralNorm),
    NUCLEAR_NORM("nuclear_norm", false, SpectrumMetrics::nuclearNorm),
    STABLE_RANK("stable_rank", false, SpectrumMetrics::stableRank),
    ENTROPY_RANK("entropy_rank", false, SpectrumMetrics::entropyRank),
    PARTICIPATION_RATIO("participation_ratio", false, SpectrumMetrics::participationRatio),
    ENERGY_RANK_90("energy_rank_90", true, SpectrumMetrics::energyRank90),
    ENERGY_RANK_95("energy_rank_95", true, SpectrumMetrics::energyRank95),
    ENERGY_RANK_99("energy_rank_99", true, SpectrumMetrics::energyRank99),
    NUMERICAL_RANK("numerical_rank", true, SpectrumMetrics::numericalRank);

    private final String column;
    private final boolean integer;
    private final ToDoubleFunction<SpectrumMetrics> value;

    RankMetric(String column, boolean integer, ToDoubleFunction<SpectrumMetrics> value) {
        this.column = column;
        this.integer = integer;
        this.value = value;
    }

    /** The column name in tables ({@code energy_rank_90}). */
    public String column() {
        return column;
    }

    /** Whether the metric is a count (a rank), written as an integer. */
    public boolean isInteger() {
        return integer;
    }

    /** The metric's value in {@code m}, as stored (a rank may be {@link SpectrumMetrics#UNKNOWN}). */
    public double of(SpectrumMetrics m) {
        return value.applyAsDouble(m);
    }

    /** Whether {@code m} determines the metric (top-k spectra leave some out: NaN, or UNKNOWN for ranks). */
    public boolean isKnown(SpectrumMetrics m) {
        double v = of(m);
        return integer ? v != SpectrumMetrics.UNKNOWN : !Double.isNaN(v);
    }
}
