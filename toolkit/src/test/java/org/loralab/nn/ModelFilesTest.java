package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void transformerRoundTripsEveryTensorAndItsArchitecture() {
        TransformerConfig config = new TransformerConfig(11, 8, 8, 2, 2, 16);
        Transformer model = Transformer.initialize(config, DataType.FLOAT, 4);
        Path file = dir.resolve("lm.safetensors");
        ModelFiles.save(model, file, DType.F32);
        Model back = ModelFiles.load(file, DataType.FLOAT);
        assertThat(back.config()).isEqualTo(config);
        assertThat(back.state().keySet()).containsExactlyElementsOf(model.state().keySet());
        model.state().forEach((name, value) -> assertThat(back.state().get(name)).as(name).isEqualTo(value));
        var ids = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {10, 0, 4}});
        assertThat(back.forward(ids, false)).isEqualTo(model.forward(ids, false));
    }

    @Test
    void loadOrBuildBuildsOnceThenLoads() {
        Path file = dir.resolve("cache/base.safetensors");
        AtomicInteger builds = new AtomicInteger();
        MlpConfig config = new MlpConfig(3, List.of(4), 2, Activation.TANH);
        Map<String, ?> first = ModelFiles.loadOrBuild(file, DataType.DOUBLE, () -> {
            builds.incrementAndGet();
            return config.initialize(DataType.DOUBLE, 5);
        }).state();
        Map<String, ?> second = ModelFiles.loadOrBuild(file, DataType.DOUBLE, () -> {
            builds.incrementAndGet();
            return config.initialize(DataType.DOUBLE, 6);
        }).state();
        assertThat(builds).hasValue(1);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aTensorOfTheWrongShapeIsBadInput() {
        Path file = dir.resolve("bad.safetensors");
        SafetensorsWriter.write(file, List.of(SafetensorsWriter.Tensor.of("layers.0.weight", DType.F32, new long[] {2, 2},
                new double[4])), Map.of(ModelKinds.metadataKey(MlpConfig.KIND),
                "{\"input_size\":3,\"hidden_sizes\":[4],\"output_size\":2,\"activation\":\"tanh\"}"));
        assertThatThrownBy(() -> ModelFiles.load(file, DataType.FLOAT)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'layers.0.weight' has shape [2, 2] but the architecture needs [4, 3]");
    }
}
