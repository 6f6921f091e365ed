package org.loralab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RowBlocksTest {

    @Test
    void columnSumsMatchNd4jAndRepeatExactly() {
        Nd4j.getRandom().setSeed(3);
        INDArray m = Nd4j.rand(DataType.DOUBLE, 5000, 7); // several blocks
        double[] sums = RowBlocks.columnSums(m);
        double[] expected = m.sum(0).toDoubleVector();
        for (int j = 0; j < 7; j++) {
            assertThat(sums[j]).isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(RowBlocks.columnSums(m)).containsExactly(sums); // block order fixed: same bits every time
    }

    @Test
    void floatMemoryIsReadAndWrittenAsDoubles() {
        INDArray f = Nd4j.createFromArray(1.5f, -2.25f, 3e-8f, 7f).reshape(2, 2);
        DirectArray memory = DirectArray.of(f);
        double[] values = new double[4];
        memory.read(0, values, 4);
        assertThat(values).containsExactly(1.5, -2.25, (double) 3e-8f, 7.0);
        memory.write(1, new double[] {0.1, 0.2}, 2);
        assertThat(f.data().asFloat()).containsExactly(1.5f, 0.1f, 0.2f, 7f); // rounded to float
    }

    @Test
    void viewsThatAreNotDenseAreRefused() {
        INDArray m = Nd4j.rand(DataType.DOUBLE, 4, 4);
        assertThatThrownBy(() -> DirectArray.of(m.transpose())).hasMessageContaining("dense row-major");
        assertThatThrownBy(() -> DirectArray.of(m.castTo(DataType.INT32))).hasMessageContaining("float32 or float64");
    }
}
