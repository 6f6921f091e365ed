package org.loralab.gpu.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loralab.gpu.cpu.CpuBackend;
import org.loralab.gpu.tensor.Matrix;
import org.loralab.gpu.tensor.Precision;

class LoraLinearTest {
    private final CpuBackend backend = new CpuBackend(Precision.FP32);
    private final SplittableRandom rng = new SplittableRandom(3);

    @Test
    void peftInitialisationLeavesTheBaseOutputUnchanged() {
        Linear base = linear("q_proj", 6, 8);
        float[] w = base.effectiveWeight();
        try (LoraLinear layer = LoraLinear.initialize(base, 2, 4f, 7)) {
            assertThat(layer.scaling()).isEqualTo(2f);
            assertThat(layer.effectiveWeight()).containsExactly(w);
            assertThat(layer.trainableParameters()).extracting(Parameter::name)
                    .containsExactly("q_proj.lora_A", "q_proj.lora_B");
            assertThat(base.isTrainable()).isFalse();
        }
    }

    @Test
    void mergeGivesTheSameOutputAndUnmergeRestoresTheWeight() {
        Linear base = linear("fc1", 5, 7);
        float[] w = base.effectiveWeight();
        try (LoraLinear layer = new LoraLinear(base, values(3 * 7), values(5 * 3), 3, 0.5f);
             Matrix x = backend.upload(values(4 * 7), 4, 7)) {
            float[] unmerged = backend.download(layer.forward(x));
            float[] effective = layer.effectiveWeight();
            assertThat(base.effectiveWeight()).containsExactly(w); // reading it changed nothing
            layer.merge();
            assertThat(layer.trainableParameters()).isEmpty();
            assertThat(backend.download(layer.forward(x))).containsExactly(unmerged, within(1e-6f));
            assertThat(layer.effectiveWeight()).containsExactly(effective, within(1e-7f));
            assertThatThrownBy(() -> layer.backward(x, true)).hasMessageContaining("unmerge fc1 before you train");
            layer.unmerge();
            assertThat(base.effectiveWeight()).containsExactly(w, within(1e-7f));
        }
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> new LoraLinear(linear("v_proj", 4, 4), values(5 * 4), values(4 * 5), 5, 1f))
                .hasMessageContaining("v_proj: rank 5 is outside 1..4");
        try (LoraLinear layer = LoraLinear.initialize(linear("o_proj", 4, 3), 1, 1f, 1)) {
            assertThatThrownBy(() -> layer.backward(backend.zeros(2, 4), true))
                    .hasMessageContaining("o_proj: backward before forward");
            assertThatThrownBy(() -> layer.forward(backend.zeros(2, 5)))
                    .hasMessageContaining("o_proj: input has 5 features, expected 3");
            assertThatThrownBy(layer::unmerge).hasMessageContaining("o_proj is not merged");
        }
        assertThatThrownBy(() -> new Mlp(backend, java.util.List.of(linear("a", 4, 3), linear("b", 2, 5))))
                .hasMessageContaining("layer 1 takes 5 features but layer 0 gives 4");
    }

    private Linear linear(String name, int out, int in) {
        return new Linear(backend, name, values(out * in), values(out), out, in);
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return v;
    }
}
