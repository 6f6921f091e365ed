package org.loralab.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.format.SafetensorsFile;
import org.loralab.testing.TorchOracle;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference files the GPU module checks against are committed (the GPU machine has no ND4J): they
 * must be exactly what the current CPU layers compute, or the GPU would be held to stale numbers.
 */
class GpuReferenceTest {

    @Test
    void committedReferenceFilesAreWhatTheCpuLayersComputeNow(@TempDir Path dir) throws IOException {
        GpuReference.write(dir);
        Path committed = Path.of("..", "reports", "gpu", "reference");
        for (String file : new String[] {GpuReference.LAYER_FILE, GpuReference.MLP_FILE}) {
            boolean same = java.util.Arrays.equals(Files.readAllBytes(dir.resolve(file)),
                    Files.readAllBytes(committed.resolve(file)));
            assertThat(same).as("%s differs: regenerate with `loralab bench gpu-reference --out reports/gpu/reference`", file)
                    .isTrue();
        }
    }

    /**
     * The committed MLP steps equal torch.optim.Adam's from the same float32 inputs (test resource
     * {@code torch_oracle.py}): the GPU is held to PyTorch's numbers, not only to the toolkit's.
     */
    @Test
    void committedMlpStepsAreTorchOptimAdams() {
        Path file = Path.of("..", "reports", "gpu", "reference", GpuReference.MLP_FILE);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            List<String> modules = List.of(f.metadata().get("modules").split(","));
            double alpha = Double.parseDouble(f.metadata().get("alpha"));
            int rank = Integer.parseInt(f.metadata().get("rank"));
            for (String run : List.of("full", "lora")) {
                Map<String, INDArray> inputs = new LinkedHashMap<>();
                inputs.put("x", tensor(f, "x"));
                inputs.put("targets", tensor(f, "targets"));
                List<String> trainable = new ArrayList<>();
                for (String m : modules) {
                    inputs.put(m + ".weight", tensor(f, "init." + m + ".weight"));
                    inputs.put(m + ".bias", tensor(f, "init." + m + ".bias"));
                    if (run.equals("lora")) {
                        inputs.put(m + ".lora_A.weight", tensor(f, "init." + m + ".lora_A"));
                        inputs.put(m + ".lora_B.weight", tensor(f, "init." + m + ".lora_B"));
                        trainable.addAll(List.of(m + ".lora_A.weight", m + ".lora_B.weight"));
                    } else {
                        trainable.addAll(List.of(m + ".weight", m + ".bias"));
                    }
                }
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("hidden_layers", modules.size() - 1);
                params.put("activation", "RELU");
                if (run.equals("lora")) { // the reference's declared settings: LoRA on every module, nothing saved
                    params.put("lora", TorchOracle.lora(rank, alpha, false, modules, List.of()));
                }
                params.putAll(TorchOracle.plainAdam(Integer.parseInt(f.metadata().get("steps")),
                        Double.parseDouble(f.metadata().get("learning_rate"))));
                Map<String, INDArray> torch = TorchOracle.run("adam_steps", params, inputs);
                TorchOracle.assertSameTrainable("reference " + run, torch, trainable, "final.");
                TorchOracle.assertClose("reference " + run + ": losses", tensor(f, run + ".loss"), torch.get("losses"), 1e-10);
                for (String name : trainable) {
                    String stored = run + "." + name.replace(".lora_A.weight", ".lora_A").replace(".lora_B.weight", ".lora_B");
                    TorchOracle.assertClose("reference " + run + ": " + name, tensor(f, stored), torch.get("final." + name), 1e-10);
                }
            }
        }
    }

    private static INDArray tensor(SafetensorsFile f, String name) {
        long[] shape = f.info(name).shape();
        return Nd4j.create(f.read(name), shape, 'c');
    }
}
