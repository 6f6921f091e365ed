package org.loralab.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.format.Checkpoint;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.loralab.testing.Bf16TieCase;

/** What a merge reports about rounding the merged weights to their stored type, against closed forms. */
class AdapterMergeTest {

    /**
     * {@link Bf16TieCase}: each merged value w + u is stored as w + 2^-7, so every entry is off by exactly 2^-8 - 2^-30,
     * and the error relative to the update's norm is (2^-8 - 2^-30) / (2^-8 + 2^-30) (the same in every entry). A zero
     * update in F32 (a module of zeros here) has no rounding error at all.
     */
    @Test
    void theReportedRoundingIsTheClosedForm(@TempDir Path dir) {
        Path base = dir.resolve("base.safetensors");
        double[] w = new double[Bf16TieCase.ROWS * Bf16TieCase.COLS];
        Bf16TieCase.writeBase(base, List.of(SafetensorsWriter.Tensor.of("zero.weight", DType.F32,
                new long[] {Bf16TieCase.ROWS, Bf16TieCase.COLS}, w)));
        PeftAdapter.Factors tie = Bf16TieCase.factors();
        PeftAdapter peft = new PeftAdapter(1, 1, false, 0, List.of("fc", "zero"), false, Map.of("fc", tie,
                "zero", new PeftAdapter.Factors(tie.a(), new DMatrixRMaj(Bf16TieCase.ROWS, 1))));
        List<AdapterMerge.Rounding> roundings;
        try (Checkpoint c = Checkpoint.open(base)) {
            roundings = AdapterMerge.merge(c, peft, dir.resolve("merged.safetensors"));
        }
        AdapterMerge.Rounding fc = roundings.stream().filter(r -> r.module().equals("fc")).findFirst().orElseThrow();
        assertThat(fc.dtype()).isEqualTo(DType.BF16);
        assertThat(fc.maxAbsError()).isEqualTo(0x1p-8 - 0x1p-30);
        assertThat(fc.relativeToUpdate()).isCloseTo((0x1p-8 - 0x1p-30) / (0x1p-8 + 0x1p-30), within(1e-15));
        AdapterMerge.Rounding zero = roundings.stream().filter(r -> r.module().equals("zero")).findFirst().orElseThrow();
        assertThat(zero.maxAbsError()).isZero();
        assertThat(zero.relativeToUpdate()).isZero();
    }
}
