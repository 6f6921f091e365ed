package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loralab.checkpoint.SyntheticCheckpoints;
import org.loralab.format.Checkpoint;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.loralab.linalg.Svd;
import tech.tablesaw.api.Table;

class SpectrumCommandTest {
    @TempDir
    static Path shared;
    /** 2 blocks of 7 weights (32 x 32 and 48 x 32), rank-3 updates of relative size 5%, F32, in 2 shards. */
    static final SyntheticCheckpoints PAIR = new SyntheticCheckpoints(2, 32, 48, 3, 0.05, DType.F32, 2, 11);

    @BeforeAll
    static void writePair() {
        PAIR.write(shared.resolve("pair"));
    }

    private static Path base() {
        return shared.resolve("pair/base");
    }

    private static Path tuned() {
        return shared.resolve("pair/tuned");
    }

    /** A checkpoint against itself: every update is zero, and the command and the report say so in words. */
    @Test
    void aCheckpointAgainstItselfIsSaidToHaveNoUpdate(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("spectrum", "--base", base().toString(), "--tuned", base().toString(), "--out",
                dir.resolve("same").toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: every update (14) is zero or below the stored type's rounding: ",
                "; the two checkpoints hold the same weights");
        assertThat(Files.readString(dir.resolve("same/report.md"))).contains("**Note: every update (14) is zero");
        CliRun some = CliRun.of("spectrum", "--base", base().toString(), "--tuned", tuned().toString(), "--out",
                dir.resolve("pair").toString());
        assertThat(some.err()).doesNotContain("warning");
    }

    /** The library call a notebook makes writes the command's files: the same tables, the same report but the timing. */
    @Test
    void labWritesTheReportTheCommandWrites(@TempDir Path dir) throws IOException {
        assertThat(CliRun.of("spectrum", "--base", base().toString(), "--tuned", tuned().toString(), "--out",
                dir.resolve("cli").toString()).status()).isZero();
        org.loralab.notebook.Lab.checkpointReport(base(), tuned(), dir.resolve("lab"));
        for (String file : List.of("layers.csv", "spectrum.csv")) {
            assertThat(Files.readString(dir.resolve("lab").resolve(file))).isEqualTo(Files.readString(dir.resolve("cli")
                    .resolve(file)));
        }
        String timing = " in [0-9.]+ s\\.";
        assertThat(Files.readString(dir.resolve("lab/report.md")).replaceAll(timing, ""))
                .isEqualTo(Files.readString(dir.resolve("cli/report.md")).replaceAll(timing, ""))
                .contains("dW = tuned - base with base `" + base() + "`", "all of them (LAPACK dgesdd, double)");
        assertThat(dir.resolve("lab/figures")).isDirectoryContaining(p -> p.toString().endsWith(".png"));
    }

    @Test
    void pairOfShardedCheckpointsGivesEveryLayersRank(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("spectrum", "--base", base().toString(), "--tuned", tuned().resolve(Checkpoint.INDEX).toString(),
                "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Table layers = Table.read().csv(out.resolve("layers.csv").toFile());
        assertThat(layers.columnNames()).containsExactly("tensor", "rows", "cols", "frobenius", "spectral_norm",
                "nuclear_norm", "stable_rank", "entropy_rank", "participation_ratio", "energy_rank_90", "energy_rank_95",
                "energy_rank_99", "numerical_rank", "relative_update");
        assertThat(layers.rowCount()).isEqualTo(14);
        // the planted rank is 3 and F32 rounding noise holds ~1e-12 of the energy
        assertThat(layers.intColumn("energy_rank_99").asList()).containsOnly(3);
        assertThat(layers.doubleColumn("relative_update").asList()).allSatisfy(r -> assertThat(r).isBetween(0.045, 0.055));
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## By module type", "| q_proj | 2 |", "## By depth", "## Skipped",
                "`model.layers.0.input_layernorm.weight`: shape [32] is not 2-D", "figures/energy-rank-by-depth.png");
        assertThat(out.resolve("figures/spectra-by-type.png")).isRegularFile();
        // spectrum.csv against the SVD of dW read independently of the command
        Table spectrum = Table.read().csv(out.resolve("spectrum.csv").toFile());
        String name = "model.layers.1.mlp.down_proj.weight";
        try (Checkpoint b = Checkpoint.open(base()); Checkpoint t = Checkpoint.open(tuned())) {
            DMatrixRMaj dw = t.matrix(name, false);
            CommonOps_DDRM.subtractEquals(dw, b.matrix(name, false));
            double[] expected = Svd.values(dw);
            Table rows = spectrum.where(spectrum.stringColumn("tensor").isEqualTo(name));
            assertThat(rows.rowCount()).isEqualTo(32);
            for (int i = 0; i < 32; i++) {
                assertThat(Math.abs(rows.doubleColumn("sigma").get(i) - expected[i])).isLessThan(1e-12 * expected[0]);
            }
        }
    }

    @Test
    void topKLeavesTheMetricsThatNeedEveryValueEmpty(@TempDir Path dir) throws IOException {
        Path full = dir.resolve("full");
        Path top = dir.resolve("top");
        assertThat(CliRun.of("spectrum", "--base", base().toString(), "--tuned", tuned().toString(), "--out", full.toString(),
                "--include", "mlp").status()).isZero();
        assertThat(CliRun.of("spectrum", "--base", base().toString(), "--tuned", tuned().toString(), "--out", top.toString(),
                "--include", "mlp", "--top-k", "8").status()).isZero();
        Table a = Table.read().csv(full.resolve("layers.csv").toFile());
        Table b = Table.read().csv(top.resolve("layers.csv").toFile());
        assertThat(b.rowCount()).isEqualTo(6).isEqualTo(a.rowCount());
        for (int i = 0; i < 6; i++) {
            assertThat(b.doubleColumn("frobenius").get(i)).isCloseTo(a.doubleColumn("frobenius").get(i),
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(b.doubleColumn("spectral_norm").get(i) / a.doubleColumn("spectral_norm").get(i)).isCloseTo(1,
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(b.intColumn("energy_rank_90").get(i)).isEqualTo(3);
            assertThat(b.column("nuclear_norm").isMissing(i)).isTrue();
            assertThat(b.column("participation_ratio").isMissing(i)).isTrue();
        }
        Table spectrum = Table.read().csv(top.resolve("spectrum.csv").toFile());
        assertThat(spectrum.rowCount()).isEqualTo(6 * 8);
    }

    @Test
    void deltasAndConv1dOrientation(@TempDir Path dir) throws IOException {
        double[] values = new double[6 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 4 == 0) ? 1 : 0; // rank 1
        }
        Path file = dir.resolve("delta.safetensors");
        SafetensorsWriter.write(file, List.of(SafetensorsWriter.Tensor.of("h.0.attn.c_attn.weight", DType.F64,
                new long[] {6, 4}, values)), Map.of());
        Path out = dir.resolve("out");
        assertThat(CliRun.of("spectrum", "--delta", file.toString(), "--conv1d", "--out", out.toString()).status()).isZero();
        String layers = Files.readString(out.resolve("layers.csv"));
        assertThat(layers).contains("h.0.attn.c_attn.weight,4,6,").doesNotContain(",,,,,,,");
        assertThat(layers.strip()).endsWith(","); // relative_update empty: no base
    }

    private static Path hostile(Path dir, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return Files.write(dir.resolve("bad.safetensors"), b.array());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated", "length beyond file", "absurd length", "invalid json", "offsets out of range",
        "overlap", "byte length", "unknown dtype", "only 1-D", "nan", "infinity", "shape mismatch", "missing tensor"})
    void hostileInputIsExitTwoWithOneLineAndNoOutput(String kind, @TempDir Path dir) throws IOException {
        String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}";
        Path bad = switch (kind) {
            case "truncated" -> Files.write(dir.resolve("bad.safetensors"), new byte[] {9, 0, 0});
            case "length beyond file" -> hostile(dir, "{" + w + "}", 0);
            case "absurd length" -> Files.write(dir.resolve("bad.safetensors"),
                    ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
            case "invalid json" -> hostile(dir, "{" + w, 16);
            case "offsets out of range" -> hostile(dir, "{" + w.replace("[0,16]", "[0,4096]") + "}", 16);
            case "overlap" -> hostile(dir, "{" + w + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
            case "byte length" -> hostile(dir, "{" + w.replace("[2,2]", "[3,3]") + "}", 16);
            case "unknown dtype" -> hostile(dir, "{" + w.replace("F32", "F128") + "}", 16);
            case "only 1-D" -> hostile(dir, "{" + w.replace("[2,2]", "[4]") + "}", 16);
            case "nan", "infinity" -> {
                Path f = dir.resolve("bad.safetensors");
                double v = kind.equals("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
                SafetensorsWriter.write(f, List.of(SafetensorsWriter.Tensor.of("w", DType.F32, new long[] {2, 2},
                        new double[] {1, 2, v, 4})), Map.of());
                yield f;
            }
            case "shape mismatch", "missing tensor" -> {
                Path f = dir.resolve("bad.safetensors");
                String name = kind.equals("missing tensor") ? "other" : "w";
                long[] shape = kind.equals("missing tensor") ? new long[] {2, 2} : new long[] {4, 1};
                SafetensorsWriter.write(f, List.of(SafetensorsWriter.Tensor.of(name, DType.F32, shape, new double[4])), Map.of());
                yield f;
            }
            default -> throw new IllegalArgumentException(kind);
        };
        Path good = dir.resolve("good.safetensors");
        SafetensorsWriter.write(good, List.of(SafetensorsWriter.Tensor.of("w", DType.F32, new long[] {2, 2},
                new double[] {1, 0, 0, 1})), Map.of());
        Path out = dir.resolve("out");
        long start = System.nanoTime();
        CliRun run = kind.equals("shape mismatch") || kind.equals("missing tensor")
                ? CliRun.of("spectrum", "--base", good.toString(), "--tuned", bad.toString(), "--out", out.toString())
                : CliRun.of("spectrum", "--delta", bad.toString(), "--out", out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> !l.isBlank()).toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("error: ");
        if (!kind.equals("only 1-D")) {
            assertThat(run.err()).as("names the file").contains(kind.equals("missing tensor") ? good.toString() : bad.toString());
        }
        if (List.of("offsets out of range", "byte length", "unknown dtype", "nan", "infinity", "shape mismatch", "overlap")
                .contains(kind)) {
            assertThat(run.err()).as("names the tensor").contains("'w'");
        }
        assertThat(out).doesNotExist();
        assertThat(seconds).isLessThan(5);
    }

    @Test
    void usageMistakes() {
        assertThat(CliRun.of("spectrum", "--out", "x").err()).contains("give one of --base B --tuned T, --delta D, or --adapter DIR [--base B]");
        assertThat(CliRun.of("spectrum", "--delta", "a", "--base", "b", "--out", "x").status()).isEqualTo(2);
        assertThat(CliRun.of("spectrum", "--delta", "a", "--include", "(", "--out", "x").err()).contains("--include");
    }
}
