package org.loralab.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;

/** adapter_config.json as PEFT writes it, and the ways it can be wrong: each read value, each refusal. */
class PeftAdapterConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A rank-3 adapter of one 4 x 5 module, its config edited by {@code edit}. */
    private static Path adapter(Path dir, Consumer<ObjectNode> edit) throws IOException {
        PeftAdapter peft = new PeftAdapter(3, 6, false, 0, List.of("fc"), false, Map.of("fc", new PeftAdapter.Factors(
                new DMatrixRMaj(3, 5), new DMatrixRMaj(4, 3))));
        Path folder = dir.resolve("adapter");
        peft.write(folder, DType.F32);
        ObjectNode config = (ObjectNode) JSON.readTree(folder.resolve("adapter_config.json").toFile());
        edit.accept(config);
        Files.writeString(folder.resolve("adapter_config.json"), JSON.writeValueAsString(config));
        return folder;
    }

    @Test
    void theValuesPeftWritesAreReadBack(@TempDir Path dir) throws IOException {
        PeftAdapter read = PeftAdapter.read(adapter(dir, c -> c.put("target_modules", "fc")));
        assertThat(read.rank()).isEqualTo(3);
        assertThat(read.alpha()).isEqualTo(6.0);
        assertThat(read.targetModules()).containsExactly("fc"); // a single name as a string, as PEFT allows
        assertThat(read.scaling("fc")).isEqualTo(2.0);
    }

    @Test
    void aListOfTargetsIsReadAsGiven(@TempDir Path dir) throws IOException {
        PeftAdapter read = PeftAdapter.read(adapter(dir, c -> c.putArray("target_modules").add("fc").add("proj")));
        assertThat(read.targetModules()).containsExactly("fc", "proj");
    }

    @Test
    void otherAdapterTypesAndImpossibleValuesAreRefused(@TempDir Path dir) throws IOException {
        assertRefused(dir.resolve("a"), c -> c.put("peft_type", "PREFIX_TUNING"), "peft_type \"PREFIX_TUNING\" is not LORA");
        assertRefused(dir.resolve("b"), c -> c.put("lora_alpha", 0), "lora_alpha must be a positive number");
        assertRefused(dir.resolve("c"), c -> c.put("r", 0), "r must be a positive integer");
        assertRefused(dir.resolve("d"), c -> c.put("r", 2.5), "r must be a positive integer");
    }

    @Test
    void aFactorThatIsNotAMatrixIsRefused(@TempDir Path dir) throws IOException {
        Path folder = adapter(dir, c -> { });
        SafetensorsWriter.write(folder.resolve("adapter_model.safetensors"), List.of(
                SafetensorsWriter.Tensor.of(PeftAdapter.PREFIX + "fc.lora_A.weight", DType.F32, new long[] {15}, new double[15]),
                SafetensorsWriter.Tensor.of(PeftAdapter.PREFIX + "fc.lora_B.weight", DType.F32, new long[] {4, 3},
                        new double[12])), Map.of());
        assertThatThrownBy(() -> PeftAdapter.read(folder)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has shape [15]; LoRA factors are 2-D");
    }

    @Test
    void aFactorHoldingNaNIsRefused(@TempDir Path dir) throws IOException {
        Path folder = adapter(dir, c -> { });
        double[] a = new double[15];
        a[7] = Double.NaN;
        SafetensorsWriter.write(folder.resolve("adapter_model.safetensors"), List.of(
                SafetensorsWriter.Tensor.of(PeftAdapter.PREFIX + "fc.lora_A.weight", DType.F32, new long[] {3, 5}, a),
                SafetensorsWriter.Tensor.of(PeftAdapter.PREFIX + "fc.lora_B.weight", DType.F32, new long[] {4, 3},
                        new double[12])), Map.of());
        assertThatThrownBy(() -> PeftAdapter.read(folder)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds NaN at index 7");
    }

    private static void assertRefused(Path dir, Consumer<ObjectNode> edit, String message) throws IOException {
        Files.createDirectories(dir);
        Path folder = adapter(dir, edit);
        assertThatThrownBy(() -> PeftAdapter.read(folder)).isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }
}
