package org.loralab.linalg;

import org.ejml.data.DMatrixRMaj;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies matrices between ND4J (training) and EJML (decompositions), always in double. */
public final class MatrixBridge {
    private MatrixBridge() {
    }

    /** A new EJML matrix holding {@code m} (2-D, any float type), widened to double. */
    public static DMatrixRMaj toEjml(INDArray m) {
        if (m.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix, got shape " + java.util.Arrays.toString(m.shape()));
        }
        int rows = (int) m.rows();
        int cols = (int) m.columns();
        double[] data = m.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return DMatrixRMaj.wrap(rows, cols, data);
    }

    /** A new ND4J array of type {@code dtype} holding {@code m}. */
    public static INDArray toNd4j(DMatrixRMaj m, DataType dtype) {
        double[] data = java.util.Arrays.copyOf(m.data, m.getNumElements());
        return Nd4j.create(data, new long[] {m.numRows, m.numCols}, dtype);
    }
}
