package org.loralab.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.format.Checkpoint;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;

/** What a merge reports about rounding the merged weights to their stored type, against closed forms. */
class AdapterMergeTest {

    /**
     * A BF16 base of values 1 + m/128 and a rank-1 update u = 2^-8 + 2^-30 everywhere: each merged value w + u is
     * stored as w + 2^-7, so every entry is off by exactly 2^-8 - 2^-30, and the error relative to the update's norm is
     * (2^-8 - 2^-30) / (2^-8 + 2^-30) (the same in every entry). A zero update in F32 has no rounding error at all.
     */
    @Test
    void theReportedRoundingIsTheClosedForm(@TempDir Path dir) {
        int rows = 128;
        int cols = 16;
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 + (i % 127) / 128.0;
        }
        Path base = dir.resolve("base.safetensors");
        SafetensorsWriter.write(base, List.of(
                SafetensorsWriter.Tensor.of("fc.weight", DType.BF16, new long[] {rows, cols}, w),
                SafetensorsWriter.Tensor.of("zero.weight", DType.F32, new long[] {rows, cols}, w)), Map.of());
        double[] a = new double[cols];
        Arrays.fill(a, 1.0);
        double[] b = new double[rows];
        Arrays.fill(b, 0x1p-8 + 0x1p-30);
        PeftAdapter peft = new PeftAdapter(1, 1, false, 0, List.of("fc", "zero"), false, Map.of(
                "fc", new PeftAdapter.Factors(DMatrixRMaj.wrap(1, cols, a), DMatrixRMaj.wrap(rows, 1, b)),
                "zero", new PeftAdapter.Factors(DMatrixRMaj.wrap(1, cols, a), new DMatrixRMaj(rows, 1))));
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
