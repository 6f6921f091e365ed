package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayerNormFloatTest {

    /**
     * The float path against the double path (which TransformerTest holds to PyTorch in float64) on the same float
     * inputs, rows far from zero mean so that centring matters: y, dx and both parameter gradients within 2e-6
     * norm-wise (float rounds at 6e-8; a row of 128 sums 128 of them, and 1/sqrt(var) amplifies the centred values'
     * rounding a little). Sizes whose blocks split rows unevenly, and a row width that is not a multiple of four.
     */
    @ParameterizedTest
    @CsvSource({"300,128", "7,130", "1,3"})
    void matchesTheDoublePath(int rows, int features) {
        Nd4j.getRandom().setSeed(rows + features);
        INDArray x = Nd4j.randn(DataType.DOUBLE, rows, features).muli(2).addi(3).castTo(DataType.FLOAT);
        INDArray w = Nd4j.randn(DataType.DOUBLE, features).castTo(DataType.FLOAT);
        INDArray b = Nd4j.randn(DataType.DOUBLE, features).castTo(DataType.FLOAT);
        INDArray dy = Nd4j.randn(DataType.DOUBLE, rows, features).castTo(DataType.FLOAT);
        LayerNorm single = new LayerNorm(w.dup(), b.dup());
        LayerNorm twice = new LayerNorm(w.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE));
        assertClose(single.forward(x), twice.forward(x.castTo(DataType.DOUBLE)), "y");
        assertClose(single.backward(dy), twice.backward(dy.castTo(DataType.DOUBLE)), "dx");
        assertClose(single.weight().grad(), twice.weight().grad(), "d weight");
        assertClose(single.bias().grad(), twice.bias().grad(), "d bias");
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double error = actual.castTo(DataType.DOUBLE).sub(expected).norm2Number().doubleValue()
                / expected.norm2Number().doubleValue();
        assertThat(error).as(what).isLessThan(2e-6);
    }
}
