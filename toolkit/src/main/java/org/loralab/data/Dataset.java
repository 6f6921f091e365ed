package org.loralab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Examples as rows: inputs (n, features) and targets (n, outputs).
 */
public record Dataset(INDArray inputs, INDArray targets) {

    public Dataset {
        if (inputs.rank() != 2 || targets.rank() != 2 || inputs.rows() != targets.rows()) {
            throw new IllegalArgumentException("inputs and targets must be matrices with one row per example, got "
                    + java.util.Arrays.toString(inputs.shape()) + " and " + java.util.Arrays.toString(targets.shape()));
        }
    }

    public int size() {
        return (int) inputs.rows();
    }

    /** The examples at {@code rows}, in that order (copies). */
    public Dataset rows(int[] rows) {
        return new Dataset(Nd4j.pullRows(inputs, 1, rows), Nd4j.pullRows(targets, 1, rows));
    }

    /** Examples from..to-1 (views). */
    public Dataset slice(int from, int to) {
        return new Dataset(inputs.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                targets.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
    }
}
