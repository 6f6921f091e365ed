package org.loralab.train;

import java.util.ArrayList;
import java.util.List;
import org.loralab.nn.Parameter;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Early stopping on a validation metric (higher is better): keeps a copy of the trainable parameters of the best epoch,
 * says when {@code patience} epochs in a row brought nothing better, and puts the best weights back.
 */
final class EarlyStopping {
    private final List<Parameter> params;
    private final int patience;
    private final List<INDArray> best = new ArrayList<>();
    private double bestMetric = Double.NaN;
    private int bestEpoch;
    private int epochsWithoutGain;

    EarlyStopping(List<Parameter> params, int patience) {
        this.params = params;
        this.patience = patience;
    }

    /** Records the metric after {@code epoch} (from 1); true when training should stop. A NaN metric is never better. */
    boolean shouldStop(int epoch, double metric) {
        boolean better = metric > bestMetric || Double.isNaN(bestMetric) && !Double.isNaN(metric);
        if (better || bestEpoch == 0) { // the first epoch counts as best even when its metric is NaN
            bestMetric = metric;
            bestEpoch = epoch;
            epochsWithoutGain = 0;
            best.clear();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                params.forEach(p -> best.add(p.value().dup())); // copies that no workspace owns
            }
            return false;
        }
        epochsWithoutGain++;
        return epochsWithoutGain >= patience;
    }

    /** The validation metric of the best epoch so far. */
    double bestMetric() {
        return bestMetric;
    }

    /** Puts the best epoch's weights back into the parameters; returns that epoch. */
    int restoreBest() {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().assign(best.get(i));
        }
        return bestEpoch;
    }
}
