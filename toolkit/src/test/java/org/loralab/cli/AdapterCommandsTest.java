package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.format.DType;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.LoraLinear;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Activation;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Model;
import org.loralab.nn.ModelFiles;
import org.loralab.nn.RandomArrays;
import org.loralab.peft.PeftAdapter;
import org.nd4j.linalg.api.buffer.DataType;
import tech.tablesaw.api.Table;

/** {@code spectrum --adapter} and {@code merge} on a toolkit model saved as safetensors with an exported adapter. */
class AdapterCommandsTest {

    private static Mlp model() {
        return model(false);
    }

    private static Mlp model(boolean rsLora) {
        Mlp model = Mlp.initialize(new MlpConfig(40, List.of(30), 20, Activation.TANH), DataType.FLOAT, 2);
        LoraInjector.inject(model, "default", new LoraConfig(6, 12, rsLora, 0, org.loralab.lora.InitScheme.KAIMING,
                TargetModules.names("layers.0", "head"), List.of()), 4);
        SplittableRandom rng = new SplittableRandom(8);
        for (String m : List.of("layers.0", "head")) {
            var a = ((LoraLinear) model.module(m)).adapter("default");
            a.b().value().assign(RandomArrays.normal(rng, 0, 0.05, DataType.FLOAT, a.b().value().shape()));
        }
        return model;
    }

    /**
     * Export, spectrum and merge of an adapter with alpha = 12 != r = 6, with PEFT's scaling alpha / r = 2 and with
     * rsLoRA's alpha / sqrt(r) = 4.9: the exported config says which, and every number follows it.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "use_rslora = {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void adapterSpectrumIsExactAndMergingKeepsIt(boolean rsLora, @TempDir Path dir) throws IOException {
        Mlp model = model(rsLora);
        Path base = dir.resolve("base.safetensors");
        ModelFiles.save(model, base, DType.F32);
        Path adapter = dir.resolve("adapter");
        PeftAdapter.of(model, "default").write(adapter, DType.F32);
        PeftAdapter read = PeftAdapter.read(adapter);
        assertThat(read.useRslora()).isEqualTo(rsLora);
        assertThat(read.alpha()).isEqualTo(12.0);
        assertThat(read.scaling(read.modules().keySet().iterator().next())).isEqualTo(rsLora ? 12 / Math.sqrt(6) : 2.0);

        Path out = dir.resolve("adapter-spectrum");
        CliRun run = CliRun.of("spectrum", "--adapter", adapter.toString(), "--base", base.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Table layers = Table.read().csv(out.resolve("layers.csv").toFile());
        // rows named by weight tensor, as for checkpoint pairs, so that the two kinds of result join
        assertThat(layers.stringColumn("tensor").asList()).containsExactly("layers.0.weight", "head.weight");
        Table spectrum = Table.read().csv(out.resolve("spectrum.csv").toFile());
        for (String m : List.of("layers.0", "head")) {
            LoraLinear lora = (LoraLinear) model.module(m);
            DMatrixRMaj dw = MatrixBridge.toEjml(lora.adapter("default").deltaWeight());
            double[] expected = Svd.values(dw);
            Table rows = spectrum.where(spectrum.stringColumn("tensor").isEqualTo(m + ".weight"));
            assertThat(rows.rowCount()).isEqualTo(6);
            for (int i = 0; i < 6; i++) {
                // the dense product was formed in float: agreement to float rounding of dW
                assertThat(Math.abs(rows.doubleColumn("sigma").get(i) - expected[i])).isLessThan(1e-6 * expected[0]);
            }
            double relative = NormOps_DDRM.normF(dw) / NormOps_DDRM.normF(MatrixBridge.toEjml(lora.base().weight().value()));
            Table row = layers.where(layers.stringColumn("tensor").isEqualTo(m + ".weight"));
            assertThat(row.doubleColumn("relative_update").get(0)).isCloseTo(relative, org.assertj.core.data.Offset.offset(1e-6 * relative));
        }

        Path merged = dir.resolve("merged.safetensors");
        CliRun merge = CliRun.of("merge-adapter", "--base", base.toString(), "--adapter", adapter.toString(), "--out", merged.toString());
        assertThat(merge.status()).as(merge.err()).isZero();
        assertThat(merge.out()).contains("merged 2 modules", "rounding to F32 changed the updates by at most");
        Model mergedModel = ModelFiles.load(merged, DataType.DOUBLE);
        for (String m : List.of("layers.0", "head")) {
            DMatrixRMaj expected = MatrixBridge.toEjml(((LoraLinear) model.module(m)).effectiveWeight());
            DMatrixRMaj got = MatrixBridge.toEjml(mergedModel.module(m).base().weight().value());
            CommonOps_DDRM.subtractEquals(got, expected);
            assertThat(NormOps_DDRM.normF(got)).isLessThan(1e-5 * NormOps_DDRM.normF(expected));
        }
        // the merged pair's update has the adapter's spectrum, up to float rounding of W'
        Path pairOut = dir.resolve("pair-spectrum");
        assertThat(CliRun.of("spectrum", "--base", base.toString(), "--tuned", merged.toString(), "--include", "weight",
                "--out", pairOut.toString()).status()).isZero();
        Table pairLayers = Table.read().csv(pairOut.resolve("layers.csv").toFile());
        assertThat(pairLayers.stringColumn("tensor").asList()).containsAll(layers.stringColumn("tensor").asList());
        // energy ranks of the merged pair: exactly the adapter's own (from its factors), float rounding of W' aside
        for (String metric : List.of("energy_rank_90", "energy_rank_95", "energy_rank_99")) {
            for (String tensor : layers.stringColumn("tensor").asList()) {
                assertThat(pairLayers.where(pairLayers.stringColumn("tensor").isEqualTo(tensor)).intColumn(metric).get(0))
                        .as(tensor + " " + metric).isEqualTo(layers.where(layers.stringColumn("tensor").isEqualTo(tensor))
                                .intColumn(metric).get(0));
            }
        }
        assertThat(pairLayers.doubleColumn("spectral_norm").get(0)).isCloseTo(layers.doubleColumn("spectral_norm").get(0),
                org.assertj.core.data.Offset.offset(1e-4 * layers.doubleColumn("spectral_norm").get(0)));
    }

    @Test
    void mergeRefusesMismatchedAdapters(@TempDir Path dir) {
        Mlp model = model();
        Path adapter = dir.resolve("adapter");
        PeftAdapter.of(model, "default").write(adapter, DType.F32);
        Mlp other = Mlp.initialize(new MlpConfig(40, List.of(31), 20, Activation.TANH), DataType.FLOAT, 2);
        Path base = dir.resolve("other.safetensors");
        ModelFiles.save(other, base, DType.F32);
        CliRun run = CliRun.of("merge-adapter", "--base", base.toString(), "--adapter", adapter.toString(), "--out",
                dir.resolve("m.safetensors").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + base).contains("'layers.0.weight' has shape [31, 40]");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
        assertThat(CliRun.of("spectrum", "--adapter", adapter.toString(), "--base", base.toString(), "--out",
                dir.resolve("o").toString()).err()).contains("layers.0.weight").contains("--skip-mismatched");
    }
}
