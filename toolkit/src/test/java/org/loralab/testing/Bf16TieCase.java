package org.loralab.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.loralab.peft.PeftAdapter;

/**
 * A BF16 base of values 1 + m/128 (module {@code fc}, 128 x 16) and a rank-1 adapter adding u = 2^-8 + 2^-30 to
 * every entry: each merged value lies just above the tie between two bfloat16 neighbours, so rounding once from the
 * double gives w + 2^-7 (off by 2^-8 - 2^-30), and rounding through float first would give the tie's even neighbour.
 */
public final class Bf16TieCase {
    public static final int ROWS = 128;
    public static final int COLS = 16;
    /** The update every entry gets. */
    public static final double UPDATE = 0x1p-8 + 0x1p-30;

    private Bf16TieCase() {
    }

    /** The base weight's entry {@code i} (row-major). */
    public static double base(int i) {
        return 1 + (i % 127) / 128.0;
    }

    /** Writes the base checkpoint ({@code fc.weight}, BF16) plus any {@code extra} tensors to {@code file}. */
    public static void writeBase(Path file, List<SafetensorsWriter.Tensor> extra) {
        double[] w = new double[ROWS * COLS];
        for (int i = 0; i < w.length; i++) {
            w[i] = base(i);
        }
        List<SafetensorsWriter.Tensor> tensors = new java.util.ArrayList<>(List.of(
                SafetensorsWriter.Tensor.of("fc.weight", DType.BF16, new long[] {ROWS, COLS}, w)));
        tensors.addAll(extra);
        SafetensorsWriter.write(file, tensors, Map.of());
    }

    /** The factors of the rank-1 update of {@code fc}: A all ones, B all {@link #UPDATE}; lora_alpha = r = 1. */
    public static PeftAdapter.Factors factors() {
        double[] a = new double[COLS];
        Arrays.fill(a, 1.0);
        double[] b = new double[ROWS];
        Arrays.fill(b, UPDATE);
        return new PeftAdapter.Factors(DMatrixRMaj.wrap(1, COLS, a), DMatrixRMaj.wrap(ROWS, 1, b));
    }
}
