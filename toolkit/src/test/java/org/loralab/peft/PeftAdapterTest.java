package org.loralab.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.loralab.lora.LoraAdapter;
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
import org.nd4j.linalg.api.buffer.DataType;

class PeftAdapterTest {
    private static final MlpConfig CONFIG = new MlpConfig(16, List.of(12), 8, Activation.TANH);

    /** A model with a trained-looking adapter: B random instead of 0, so that dW is not zero. */
    static Mlp adapted(long seed) {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        LoraInjector.inject(model, "default", new LoraConfig(4, 8, false, 0, org.loralab.lora.InitScheme.KAIMING,
                TargetModules.names("layers.0", "head"), List.of()), seed);
        SplittableRandom rng = new SplittableRandom(seed);
        for (String m : List.of("layers.0", "head")) {
            LoraAdapter a = ((LoraLinear) model.module(m)).adapter("default");
            a.b().value().assign(RandomArrays.normal(rng, 0, 0.1, DataType.FLOAT, a.b().value().shape()));
        }
        return model;
    }

    @Test
    void exportFollowsPeftsFormatReadByAnIndependentReader(@TempDir Path dir) throws IOException {
        Mlp model = adapted(3);
        PeftAdapter.of(model, "default").write(dir, DType.F32);
        JsonNode config = new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile());
        assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(config.get("r").asInt()).isEqualTo(4);
        assertThat(config.get("lora_alpha").asDouble()).isEqualTo(8);
        assertThat(config.get("use_rslora").asBoolean()).isFalse();
        assertThat(config.get("target_modules").toString()).isEqualTo("[\"layers.0\",\"head\"]");
        // a minimal reader of its own: length, JSON header, little-endian floats at the stated offsets
        byte[] bytes = Files.readAllBytes(dir.resolve("adapter_model.safetensors"));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>();
        header.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("__metadata__", "base_model.model.layers.0.lora_A.weight",
                "base_model.model.layers.0.lora_B.weight", "base_model.model.head.lora_A.weight",
                "base_model.model.head.lora_B.weight");
        Map<String, long[]> shapes = Map.of("base_model.model.layers.0.lora_A.weight", new long[] {4, 16},
                "base_model.model.layers.0.lora_B.weight", new long[] {12, 4},
                "base_model.model.head.lora_A.weight", new long[] {4, 12},
                "base_model.model.head.lora_B.weight", new long[] {8, 4});
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            JsonNode entry = header.get(e.getKey());
            assertThat(entry.get("dtype").asText()).isEqualTo("F32");
            assertThat(new long[] {entry.get("shape").get(0).asLong(), entry.get("shape").get(1).asLong()}).isEqualTo(e.getValue());
            String module = e.getKey().replace("base_model.model.", "").replaceAll("\\.lora_[AB]\\.weight$", "");
            LoraAdapter adapter = ((LoraLinear) model.module(module)).adapter("default");
            float[] expected = (e.getKey().contains("lora_A") ? adapter.a() : adapter.b()).value().dup('c').data().asFloat();
            long begin = entry.get("data_offsets").get(0).asLong();
            for (int i = 0; i < expected.length; i++) {
                assertThat(buffer.getFloat((int) (8 + headerLength + begin + 4L * i))).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void importingItBackGivesTheSameUpdateAlsoThroughANameMap(@TempDir Path dir) {
        Mlp model = adapted(5);
        PeftAdapter.of(model, "default").write(dir, DType.F32);
        PeftAdapter read = PeftAdapter.read(dir);
        assertThat(read.modules().keySet()).containsExactly("layers.0", "head");
        Mlp fresh = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        read.applyTo(fresh, "imported", Map.of());
        for (String m : List.of("layers.0", "head")) {
            assertThat(((LoraLinear) fresh.module(m)).adapter("imported").deltaWeight())
                    .isEqualTo(((LoraLinear) model.module(m)).adapter("default").deltaWeight());
        }
        // the same factors under another model's module names
        PeftAdapter renamed = new PeftAdapter(read.rank(), read.alpha(), read.useRslora(), read.dropout(), List.of("fc1", "fc2"),
                false, Map.of("decoder.fc1", read.modules().get("layers.0")));
        Mlp other = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        assertThatThrownBy(() -> renamed.applyTo(other, "x", Map.of())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'decoder.fc1'").hasMessageContaining("name map");
        renamed.applyTo(other, "x", Map.of("decoder.fc1", "layers.0"));
        assertThat(((LoraLinear) other.module("layers.0")).adapter("x").deltaWeight())
                .isEqualTo(((LoraLinear) model.module("layers.0")).adapter("default").deltaWeight());
    }

    @Test
    void brokenAdaptersAreClearErrors(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PeftAdapter.read(dir)).hasMessageContaining("no adapter_config.json");
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 0}");
        assertThatThrownBy(() -> PeftAdapter.read(dir)).hasMessageContaining("r must be a positive integer");
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 2, \"lora_alpha\": 4}");
        Path weights = dir.resolve("adapter_model.safetensors");
        SafetensorsWriter.write(weights, List.of(SafetensorsWriter.Tensor.of("base_model.model.fc.lora_A.weight", DType.F32,
                new long[] {2, 3}, new double[6])), Map.of());
        assertThatThrownBy(() -> PeftAdapter.read(dir)).hasMessageContaining("module 'fc' has lora_A but no lora_B");
        SafetensorsWriter.write(weights, List.of(
                SafetensorsWriter.Tensor.of("base_model.model.fc.lora_A.weight", DType.F32, new long[] {2, 3}, new double[6]),
                SafetensorsWriter.Tensor.of("base_model.model.fc.lora_B.weight", DType.F32, new long[] {4, 3}, new double[12])),
                Map.of());
        assertThatThrownBy(() -> PeftAdapter.read(dir)).hasMessageContaining("they must share r");
        SafetensorsWriter.write(weights, List.of(SafetensorsWriter.Tensor.of("model.fc.weight", DType.F32,
                new long[] {2, 3}, new double[6])), Map.of());
        assertThatThrownBy(() -> PeftAdapter.read(dir)).hasMessageContaining("'model.fc.weight' is not a LoRA factor");
        SafetensorsWriter.write(weights, List.of(SafetensorsWriter.Tensor.of("base_model.model.fc.lora_A.weight", DType.F32,
                new long[] {6}, new double[6])), Map.of());
        assertThatThrownBy(() -> PeftAdapter.read(dir)).hasMessageContaining("LoRA factors are 2-D");
    }

    @Test
    void modelFilesRoundTrip(@TempDir Path dir) {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 9);
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file, DType.F32);
        Model back = ModelFiles.load(file, DataType.FLOAT);
        assertThat(back.config()).isEqualTo(model.config());
        assertThat(back.weights()).isEqualTo(model.weights());
        var x = RandomArrays.normal(new SplittableRandom(1), 0, 1, DataType.FLOAT, 5, 16);
        assertThat(back.forward(x, false)).isEqualTo(model.forward(x, false));
    }
}
