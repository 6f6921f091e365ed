package org.loralab.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.data.FashionMnist;
import org.loralab.experiment.SpecReader;
import org.loralab.lora.LoraAdapter;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.LoraLinear;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Model;
import org.loralab.nn.ModelFiles;
import org.loralab.testing.RequiredTool;
import org.loralab.train.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The source task of the Fashion-MNIST transfer: what forgetting measures (CI-size spec, Debian's dataset). */
class FashionTransferTaskTest {
    @TempDir
    static Path cache;
    static Task task;
    static SourceTask source;

    @BeforeAll
    static void build() {
        RequiredTool.require(Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist");
        task = SpecReader.read(Path.of("..", "experiments", "fashion-mnist-ci.yaml")).task().build(DataType.FLOAT, cache);
        source = task.source().orElseThrow();
    }

    @Test
    void theSourceSetsAreHeldOutImagesOfTheSourceClasses() {
        // fashion-mnist-ci: 5 source classes, validation_size defaults to test_size = 1,000
        assertThat(source.validation().inputs().shape()).containsExactly(1000, 784);
        assertThat(source.test().targets().shape()).containsExactly(1000, 5);
        assertThat(source.test().inputs()).isNotEqualTo(source.validation().inputs());
    }

    /**
     * The base model keeps the pretrained hidden layers, so its source metric is the pretrained model's own accuracy,
     * computed here from the cached pretraining checkpoint; far above chance (0.2).
     */
    @Test
    void theBaseModelsSourceMetricIsThePretrainedModelsAccuracy() throws Exception {
        Path pretrainedFile;
        try (var files = Files.list(cache)) {
            pretrainedFile = files.filter(f -> f.getFileName().toString().startsWith("fashion-source-")).findFirst().orElseThrow();
        }
        Model pretrained = ModelFiles.load(pretrainedFile, DataType.FLOAT);
        double expected = SoftmaxCrossEntropy.accuracy(pretrained.forward(source.test().inputs(), false), source.test().targets());
        assertThat(source.metric(task.baseModel(), source.test())).isEqualTo(expected).isGreaterThan(0.6);
    }

    /**
     * A LoRA model is measured with its adapter merged: the same accuracy as a plain model whose weight is W + (alpha/r) B A,
     * computed here; and a large adapter changes it (reading the base weight alone would not).
     */
    @Test
    void aLoraModelIsMeasuredThroughItsMergedWeights() {
        Model base = task.baseModel();
        Model lora = task.baseModel();
        LoraInjector.inject(lora, "default", LoraConfig.of(2, TargetModules.names("layers.0")).withAlpha(4), 11);
        LoraAdapter adapter = ((LoraLinear) lora.module("layers.0")).adapter("default");
        adapter.b().value().assign(Nd4j.rand(DataType.FLOAT, adapter.b().value().shape()).subi(0.5).muli(4)); // dW about twice W in norm
        INDArray merged = base.module("layers.0").base().weight().value()
                .add(adapter.b().value().mmul(adapter.a().value()).muli(4.0 / 2));
        Model plain = task.baseModel();
        plain.module("layers.0").base().weight().value().assign(merged);
        double viaAdapter = source.metric(lora, source.test());
        assertThat(viaAdapter).isCloseTo(source.metric(plain, source.test()), within(0.002)); // float rounding: <= 2 images
        assertThat(Math.abs(viaAdapter - source.metric(base, source.test()))).isGreaterThan(0.01);
    }
}
