package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsFile;
import org.loralab.format.SafetensorsWriter;
import org.loralab.peft.PeftAdapter;
import tech.tablesaw.api.Table;

/**
 * {@code merge-adapter} and {@code spectrum --adapter} on the cases that need care: GPT-2's Conv1D weights (stored
 * [in, out], PEFT's {@code fan_in_fan_out}) and bfloat16 bases whose merged values sit just above a tie.
 */
class MergeAdapterCommandTest {
    private static final int IN = 8;
    private static final int OUT = 12; // c_attn-like: not square, so a reshape of B A has the right size, wrong values

    private static double[] uniform(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1); // float values: F32 files hold them exactly
        }
        return v;
    }

    /** A GPT-2 style base: c_attn [in, out] (not square) and c_proj [in, in] (square), with biases. */
    private static Path conv1dBase(Path dir, SplittableRandom rng) {
        Path base = dir.resolve("gpt2.safetensors");
        SafetensorsWriter.write(base, List.of(
                SafetensorsWriter.Tensor.of("h.0.attn.c_attn.weight", DType.F32, new long[] {IN, OUT}, uniform(rng, IN * OUT)),
                SafetensorsWriter.Tensor.of("h.0.attn.c_attn.bias", DType.F32, new long[] {OUT}, uniform(rng, OUT)),
                SafetensorsWriter.Tensor.of("h.0.attn.c_proj.weight", DType.F32, new long[] {IN, IN}, uniform(rng, IN * IN))),
                Map.of());
        return base;
    }

    /** PEFT's factors for a Conv1D module: A [r, in], B [out, r], the same shapes as for nn.Linear. */
    private static PeftAdapter conv1dAdapter(SplittableRandom rng, boolean fanInFanOut) {
        Map<String, PeftAdapter.Factors> factors = new LinkedHashMap<>();
        factors.put("h.0.attn.c_attn", new PeftAdapter.Factors(DMatrixRMaj.wrap(2, IN, uniform(rng, 2 * IN)),
                DMatrixRMaj.wrap(OUT, 2, uniform(rng, OUT * 2))));
        factors.put("h.0.attn.c_proj", new PeftAdapter.Factors(DMatrixRMaj.wrap(2, IN, uniform(rng, 2 * IN)),
                DMatrixRMaj.wrap(IN, 2, uniform(rng, IN * 2))));
        return new PeftAdapter(2, 3, false, 0, List.of("c_attn", "c_proj"), fanInFanOut, factors);
    }

    /**
     * PEFT's merge of a Conv1D module written out index by index: W'[i][j] = W[i][j] + scaling sum_k B[j][k] A[k][i]
     * (W stored [in, out]).
     */
    private static double[] expectedMerge(double[] w, PeftAdapter.Factors f, double scaling) {
        int in = f.a().numCols;
        int out = f.b().numRows;
        double[] merged = w.clone();
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                double sum = 0;
                for (int k = 0; k < f.rank(); k++) {
                    sum += f.b().get(j, k) * f.a().get(k, i);
                }
                merged[i * out + j] += scaling * sum;
            }
        }
        return merged;
    }

    /** A Conv1D base and a fan_in_fan_out adapter of it, written into {@code dir}. */
    private record Conv1dCase(Path base, PeftAdapter peft, Path adapter) {
        static Conv1dCase write(Path dir, long seed, DType factors) {
            SplittableRandom rng = new SplittableRandom(seed);
            Path base = conv1dBase(dir, rng);
            PeftAdapter peft = conv1dAdapter(rng, true);
            Path adapter = dir.resolve("adapter");
            peft.write(adapter, factors);
            return new Conv1dCase(base, peft, adapter);
        }
    }

    @Test
    void conv1dAdaptersMergeTransposed(@TempDir Path dir) throws IOException {
        Conv1dCase c = Conv1dCase.write(dir, 1, DType.F32);
        assertThat(Files.readString(c.adapter().resolve(PeftAdapter.CONFIG_FILE))).contains("\"fan_in_fan_out\" : true");
        assertThat(PeftAdapter.read(c.adapter()).fanInFanOut()).isTrue();

        Path merged = dir.resolve("merged.safetensors");
        CliRun run = CliRun.of("merge-adapter", "--base", c.base().toString(), "--adapter", c.adapter().toString(), "--out", merged.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertMergedAsPeft(c.base(), merged, c.peft());

        // the same factors without the flag: refused for c_attn (its shape says Conv1D), unless --conv1d says so
        Path plain = dir.resolve("plain");
        c.peft().withFanInFanOut(false).write(plain, DType.F32);
        CliRun refused = CliRun.of("merge-adapter", "--base", c.base().toString(), "--adapter", plain.toString(), "--out",
                dir.resolve("refused.safetensors").toString());
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error: ").contains("h.0.attn.c_attn.weight", "[8, 12]", "--conv1d");
        assertThat(dir.resolve("refused.safetensors")).doesNotExist();
        Path withOption = dir.resolve("option.safetensors");
        CliRun conv1d = CliRun.of("merge-adapter", "--base", c.base().toString(), "--adapter", plain.toString(), "--conv1d",
                "--out", withOption.toString());
        assertThat(conv1d.status()).as(conv1d.err()).isZero();
        assertMergedAsPeft(c.base(), withOption, c.peft());
    }

    private static void assertMergedAsPeft(Path base, Path merged, PeftAdapter peft) {
        try (SafetensorsFile b = SafetensorsFile.open(base); SafetensorsFile m = SafetensorsFile.open(merged)) {
            assertThat(m.read("h.0.attn.c_attn.bias")).containsExactly(b.read("h.0.attn.c_attn.bias"));
            for (String module : List.of("h.0.attn.c_attn", "h.0.attn.c_proj")) {
                PeftAdapter.Factors f = peft.modules().get(module);
                double[] w = b.read(module + ".weight");
                double[] expected = expectedMerge(w, f, declaredScaling(peft, f.rank()));
                double[] got = m.read(module + ".weight");
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("%s[%d]", module, i).isEqualTo((double) (float) expected[i]);
                }
                // a mix-up that adds B A row-major without transposing would differ (the case can tell them apart)
                double[] untransposed = w.clone();
                DMatrixRMaj ba = new DMatrixRMaj(f.b().numRows, f.a().numCols);
                org.ejml.dense.row.CommonOps_DDRM.mult(f.b(), f.a(), ba);
                double differing = 0;
                for (int i = 0; i < w.length; i++) {
                    untransposed[i] += declaredScaling(peft, f.rank()) * ba.data[i];
                    differing = Math.max(differing, Math.abs(untransposed[i] - expected[i]));
                }
                assertThat(differing).as(module + ": transposed and row-major updates differ").isGreaterThan(1e-3);
            }
        }
    }

    @Test
    void conv1dAdapterSpectrumReadsTheBaseTransposed(@TempDir Path dir) throws IOException {
        Conv1dCase c = Conv1dCase.write(dir, 2, DType.F64);
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("spectrum", "--adapter", c.adapter().toString(), "--base", c.base().toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Table layers = Table.read().csv(out.resolve("layers.csv").toFile());
        assertThat(layers.stringColumn("tensor").asList()).containsExactly("h.0.attn.c_attn.weight", "h.0.attn.c_proj.weight");
        assertThat(layers.intColumn("rows").get(0)).as("dW is (out, in)").isEqualTo(OUT);
        try (SafetensorsFile b = SafetensorsFile.open(c.base())) {
            PeftAdapter.Factors f = c.peft().modules().get("h.0.attn.c_attn");
            double[] w = b.read("h.0.attn.c_attn.weight");
            double[] merged = expectedMerge(w, f, declaredScaling(c.peft(), f.rank()));
            double update = 0;
            double weight = 0;
            for (int i = 0; i < w.length; i++) {
                update += (merged[i] - w[i]) * (merged[i] - w[i]);
                weight += w[i] * w[i];
            }
            assertThat(layers.doubleColumn("relative_update").get(0))
                    .isCloseTo(Math.sqrt(update / weight), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    /** {@link org.loralab.testing.Bf16TieCase}: rounding once gives the upper neighbour in every entry. */
    @Test
    void bf16MergesRoundOnceFromTheDouble(@TempDir Path dir) {
        Path base = dir.resolve("base.safetensors");
        org.loralab.testing.Bf16TieCase.writeBase(base, List.of());
        PeftAdapter peft = new PeftAdapter(1, 1, false, 0, List.of("fc"), false,
                Map.of("fc", org.loralab.testing.Bf16TieCase.factors()));
        Path adapter = dir.resolve("adapter");
        peft.write(adapter, DType.F64);
        Path merged = dir.resolve("merged.safetensors");
        CliRun run = CliRun.of("merge-adapter", "--base", base.toString(), "--adapter", adapter.toString(), "--out", merged.toString());
        assertThat(run.status()).as(run.err()).isZero();
        try (SafetensorsFile m = SafetensorsFile.open(merged)) {
            assertThat(m.info("fc.weight").dtype()).isEqualTo(DType.BF16);
            double[] got = m.read("fc.weight");
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("entry %d", i).isEqualTo(1 + (i % 127 + 1) / 128.0);
            }
        }
    }

    /** alpha / r, or alpha / sqrt(r) with rsLoRA: from the adapter's declared settings, not its own scaling method. */
    private static double declaredScaling(PeftAdapter peft, int r) {
        return peft.useRslora() ? peft.alpha() / Math.sqrt(r) : peft.alpha() / r;
    }
}
