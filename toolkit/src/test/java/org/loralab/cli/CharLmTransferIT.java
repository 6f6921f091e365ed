package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.data.FortuneCorpus;
import org.loralab.linalg.Svd;
import org.loralab.peft.PeftAdapter;
import tech.tablesaw.api.Table;

/**
 * End to end on the CI-size char-LM transfer spec (Debian's fortunes and fortunes-de, which the test command
 * installs): pretraining a transformer, full and LoRA fine-tuning on German through the command line, and the
 * report's transformer sections.
 */
class CharLmTransferIT {
    private static final Path SPEC = Path.of("..", "experiments", "charlm-transfer-ci.yaml");

    @TempDir
    static Path dir;
    static CliRun run;

    @BeforeAll
    static void runOnce() {
        org.loralab.testing.RequiredTool.require(Files.isDirectory(FortuneCorpus.GERMAN), "fortunes and fortunes-de");
        run = CliRun.of("run", SPEC.toString(), "--out", dir.resolve("a").toString());
    }

    @Test
    void fineTuningLowersGermanBitsPerCharacterAndLoraRecoversPartOfIt() throws Exception {
        assertThat(run.status()).as(run.err()).isZero();
        // the first run pretrains its base: each epoch shows, so the minutes it can take are not silent
        assertThat(run.err()).contains("charlm-transfer-ci: pretraining the base model", "charlm-transfer-ci: pretraining: epoch 1/2",
                "charlm-transfer-ci: pretraining: epoch 2/2, loss ");
        Table trials = Table.read().csv(dir.resolve("a/trials.csv").toFile());
        double base = metric(trials, "base");
        double full = metric(trials, "full");
        Table lora = trials.where(trials.stringColumn("method").isEqualTo("lora").and(trials.booleanColumn("selected").isTrue()));
        double bestLora = lora.doubleColumn("test_metric").max();
        // the metric is minus bits per character: a base that knows English is far below log2(vocab) ~ 6.8 bits,
        // and fine-tuning on German lowers its bits per character
        assertThat(-base).isBetween(2.0, 6.0);
        assertThat(full).isGreaterThan(base + 0.05);
        assertThat(bestLora).isGreaterThan(base).isLessThanOrEqualTo(full + 0.05);
        String report = Files.readString(dir.resolve("a/report.md"));
        assertThat(report).contains("decoder-only transformer, 1 layer, width 32", "Base model on held-out text of the"
                + " pretraining language", "a unigram model of its training text", "By module type and depth",
                "## Adapters at r = 1 and r = 8");
        Table byModule = Table.read().csv(dir.resolve("a/update_ranks_by_module.csv").toFile());
        assertThat(byModule.stringColumn("module_type").asList()).containsExactly("q_proj", "k_proj", "v_proj", "o_proj",
                "fc1", "fc2");
        assertThat(Table.read().csv(dir.resolve("a/subspace.csv").toFile()).rowCount()).isEqualTo(2 * 8 + 6 * 8);
    }

    @Test
    void everyAdapterIsKeptAsAPeftFolder() throws Exception {
        assertThat(run.status()).as(run.err()).isZero();
        Path adapter = dir.resolve("a/.jobs/lora-targets=q_proj+v_proj-r8-seed1.adapter");
        JsonNode config = new ObjectMapper().readTree(adapter.resolve("adapter_config.json").toFile());
        assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(config.get("r").asInt()).isEqualTo(8);
        assertThat(config.get("lora_alpha").asDouble()).isEqualTo(16.0);
        assertThat(config.get("target_modules").toString()).isEqualTo("[\"layers.0.self_attn.q_proj\",\"layers.0.self_attn.v_proj\"]");
        CliRun spectrum = CliRun.of("spectrum", "--adapter", adapter.toString(), "--out", dir.resolve("s").toString());
        assertThat(spectrum.status()).as(spectrum.err()).isZero();
        Table layers = Table.read().csv(dir.resolve("s/layers.csv").toFile());
        Table sigmas = Table.read().csv(dir.resolve("s/spectrum.csv").toFile());
        // dW = (alpha / r) B A with random A (8 x 32) and a trained B: rank exactly 8, and its singular values are
        // those of the product formed here from the saved factors (EJML's SVD, an independent computation)
        assertThat(layers.intColumn("numerical_rank").asList()).containsExactly(8, 8);
        PeftAdapter peft = PeftAdapter.read(adapter);
        for (var e : peft.modules().entrySet()) {
            DMatrixRMaj dw = new DMatrixRMaj(e.getValue().b().numRows, e.getValue().a().numCols);
            CommonOps_DDRM.mult(peft.alpha() / 8, e.getValue().b(), e.getValue().a(), dw);
            double[] expected = Svd.values(dw);
            Table rows = sigmas.where(sigmas.stringColumn("tensor").isEqualTo(e.getKey() + ".weight"));
            assertThat(rows.rowCount()).isEqualTo(8);
            for (int i = 0; i < 8; i++) {
                assertThat(rows.doubleColumn("sigma").get(i)).as(e.getKey() + " sigma " + (i + 1))
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-12 * expected[0]));
            }
        }
    }

    private static double metric(Table trials, String method) {
        return trials.where(trials.stringColumn("method").isEqualTo(method).and(trials.booleanColumn("selected").isTrue()))
                .doubleColumn("test_metric").mean();
    }
}
