package org.loralab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Against ND4J's own elementwise ops: one rounding per element either way, so the same bits. */
class ElementwiseTest {

    private static INDArray random(DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, 300, 70).subi(0.5).castTo(type); // 21,000 elements: several row blocks
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void sumsAndProductsEqualNd4jsOps(DataType type) {
        INDArray a = random(type, 1);
        INDArray b = random(type, 2);
        assertThat(Elementwise.sum(a, b)).isEqualTo(a.add(b));
        assertThat(Elementwise.product(a, b)).isEqualTo(a.mul(b));
        INDArray expected = a.add(b);
        INDArray result = Elementwise.addInPlace(a, b);
        assertThat(result).isSameAs(a).isEqualTo(expected);
        INDArray relu = Nd4j.nn().relu(b, 0);
        assertThat(Elementwise.wherePositive(a, b)).isEqualTo(a.mul(b.gt(0).castTo(type)));
        assertThat(Elementwise.positivePartInPlace(b)).isSameAs(b).isEqualTo(relu);
    }

    /** a (1 - b^2) in the storage type against ND4J's ops in that type: the same roundings in the same order. */
    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void timesTanhSlopeEqualsNd4jsOps(DataType type) {
        INDArray a = random(type, 3);
        INDArray b = random(type, 4).muli(2);
        INDArray slope = Nd4j.ones(type, b.shape()).subi(b.mul(b));
        assertThat(Elementwise.timesTanhSlope(a, b)).isEqualTo(a.mul(slope));
        assertThat(a).isEqualTo(random(type, 3)); // neither argument is changed
    }

    @Test
    void mismatchedArraysAreRejected() {
        assertThatThrownBy(() -> Elementwise.sum(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 2, 2)))
                .hasMessageContaining("needs arrays of one length and type");
        assertThatThrownBy(() -> Elementwise.sum(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.DOUBLE, 2, 3)))
                .hasMessageContaining("FLOAT and [2, 3] DOUBLE");
    }
}
