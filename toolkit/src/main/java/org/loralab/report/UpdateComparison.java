package org.loralab.report;

import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.Svd;
import org.loralab.spectrum.Amplification;
import org.loralab.spectrum.IntruderDimensions;
import org.loralab.spectrum.RankMetric;
import org.loralab.spectrum.SpectrumMetrics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Several updates of one weight side by side (the LoRA paper's Table 7 and the intruder-dimension count):
 * norm, energy rank, how much of W lies in the update's top-r directions, the amplification factor, and
 * intruder dimensions of W + dW (PEFT's defaults k = 10, eps = 0.5).
 */
public final class UpdateComparison {
    private UpdateComparison() {
    }

    /**
     * @param base    W (not modified)
     * @param updates SVDs of each dW with all nonzero singular values, by a display name (kept in order)
     * @param rank    r, the number of dW's top directions the amplification uses
     */
    public static Table of(String module, DMatrixRMaj base, Map<String, Svd> updates, int rank) {
        StringColumn name = StringColumn.create("update");
        DoubleColumn norm = DoubleColumn.create(RankMetric.FROBENIUS.column());
        IntColumn energy = IntColumn.create(RankMetric.ENERGY_RANK_90.column());
        DoubleColumn projected = DoubleColumn.create("norm_UtWV");
        DoubleColumn factor = DoubleColumn.create("amplification");
        IntColumn intruders = IntColumn.create("intruders_top10");
        Svd baseSvd = Lapack.svd(base);
        updates.forEach((label, svd) -> {
            Amplification a = Amplification.of(svd, base, Math.min(rank, svd.s().length));
            DMatrixRMaj tuned = base.copy();
            CommonOps_DDRM.addEquals(tuned, svd.truncate(svd.s().length));
            int top = Math.min(IntruderDimensions.DEFAULT_TOP, Math.min(base.numRows, base.numCols));
            name.append(label);
            norm.append(a.updateNorm());
            energy.append(SpectrumMetrics.energyRank(svd.s(), 0.90));
            projected.append(a.projectedBase());
            factor.append(a.factor());
            intruders.append(IntruderDimensions.of(baseSvd, Lapack.svd(tuned), top, IntruderDimensions.DEFAULT_THRESHOLD).count());
        });
        return Table.create(module + ", r = " + rank, name, norm, energy, projected, factor, intruders);
    }
}
