package org.loralab.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loralab.nn.Linear;
import org.nd4j.linalg.api.buffer.DataType;

/** An adapter's limits and initialisation, and the config's checks, where mutation testing found them untested. */
class LoraAdapterTest {
    private static final TargetModules ANY = TargetModules.regex(".*");

    private static LoraLinear layer(int in, int out) {
        return new LoraLinear(Linear.initialize(in, out, DataType.DOUBLE, new SplittableRandom(3)));
    }

    @Test
    void theRankMayReachMinOfOutAndInAndNoFurther() {
        LoraAdapter full = layer(6, 4).addAdapter("default", LoraConfig.of(4, ANY), 1);
        assertThat(full.rank()).isEqualTo(4);
        assertThatThrownBy(() -> layer(6, 4).addAdapter("default", LoraConfig.of(5, ANY), 1))
                .hasMessageContaining("rank must be <= min(out, in) = 4, got 5");
    }

    /** PEFT's gaussian init: A ~ N(0, (1/r)^2), B = 0; 256 x 4 draws give the standard deviation within 10%. */
    @Test
    void gaussianInitDrawsAWithStandardDeviationOneOverR() {
        LoraConfig config = new LoraConfig(4, 4, false, 0.0, InitScheme.GAUSSIAN, ANY, List.of());
        LoraAdapter adapter = layer(256, 8).addAdapter("default", config, 7);
        double[] a = adapter.a().value().dup('c').data().asDouble();
        double mean = java.util.Arrays.stream(a).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(a).map(v -> (v - mean) * (v - mean)).sum() / (a.length - 1));
        assertThat(sd).isCloseTo(0.25, within(0.025));
        assertThat(adapter.b().value().sumNumber().doubleValue()).isZero();
    }

    @Test
    void aMergedLayerTakesNoNewAdapterAndKeepsItsOwn() {
        LoraLinear lora = layer(6, 5);
        lora.addAdapter("default", LoraConfig.of(2, ANY), 1);
        lora.merge();
        assertThatThrownBy(() -> lora.addAdapter("other", LoraConfig.of(2, ANY), 2))
                .hasMessage("unmerge before you add an adapter");
        assertThatThrownBy(() -> lora.removeAdapter("default")).hasMessage("unmerge before you remove an adapter");
        assertThat(lora.adapterNames()).containsExactly("default");
    }

    @Test
    void theConfigRefusesValuesOutsideTheirRanges() {
        assertThatThrownBy(() -> new LoraConfig(2, 2, false, 1.0, InitScheme.KAIMING, ANY, List.of()))
                .hasMessageContaining("dropout must be in [0, 1), got 1.0");
        assertThat(new LoraConfig(2, 2, false, 0.0, InitScheme.KAIMING, ANY, List.of()).dropout()).isZero();
        assertThatThrownBy(() -> new LoraConfig(2, 2, false, 0.0, InitScheme.KAIMING, ANY, List.of(),
                Map.of("layers.0", 0), Map.of())).hasMessageContaining("rank_pattern gives module 'layers.0' rank 0");
        assertThatThrownBy(() -> new LoraConfig(2, 2, false, 0.0, InitScheme.KAIMING, ANY, List.of(),
                Map.of(), Map.of("layers.0", 0.0))).hasMessageContaining("alpha_pattern gives module 'layers.0' lora_alpha 0.0");
        assertThat(new LoraConfig(2, 2, false, 0.0, InitScheme.KAIMING, ANY, List.of(), Map.of("layers.0", 1),
                Map.of("layers.0", 0.5)).forModule("layers.0").scaling()).isEqualTo(0.5);
    }

    @Test
    void targetSetsAreEqualByWhatTheyName() {
        assertThat(TargetModules.names("a", "b")).isEqualTo(TargetModules.names("a", "b"))
                .hasSameHashCodeAs(TargetModules.names("a", "b")).isNotEqualTo(TargetModules.names("a"));
        assertThat(TargetModules.regex("a.*")).isEqualTo(TargetModules.regex("a.*")).isNotEqualTo(TargetModules.regex("b"))
                .isNotEqualTo(TargetModules.names("a.*"));
    }
}
