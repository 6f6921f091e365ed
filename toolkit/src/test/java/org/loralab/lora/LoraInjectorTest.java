package org.loralab.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.nn.Activation;
import org.loralab.nn.Linear;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.nd4j.linalg.api.buffer.DataType;

class LoraInjectorTest {
    private static final MlpConfig CONFIG = new MlpConfig(8, List.of(16, 12), 4, Activation.TANH);

    private static Mlp model() {
        return Mlp.initialize(CONFIG, DataType.FLOAT, 1);
    }

    @Test
    void targetsByNameFreezeTheRest() {
        Mlp m = model();
        List<String> adapted = LoraInjector.inject(m, "default", LoraConfig.of(2, TargetModules.names("layers.0", "layers.1")), 1);
        assertThat(adapted).containsExactly("layers.0", "layers.1");
        assertThat(m.module("layers.0")).isInstanceOf(LoraLinear.class);
        assertThat(m.module("head")).isInstanceOf(Linear.class);
        assertThat(m.trainableParameterCount()).isEqualTo(2L * (8 + 16) + 2L * (16 + 12));
    }

    @Test
    void targetsByRegexAndBySuffixAsPeftDoes() {
        TargetModules regex = TargetModules.regex("layers\\.\\d+");
        assertThat(regex.matches("layers.1")).isTrue();
        assertThat(regex.matches("head")).isFalse();
        TargetModules suffix = TargetModules.names("1");
        assertThat(suffix.matches("layers.1")).isTrue();
        assertThat(suffix.matches("layers.11")).isFalse();
        Mlp m = model();
        assertThat(LoraInjector.inject(m, "x", LoraConfig.of(1, regex), 1)).containsExactly("layers.0", "layers.1");
    }

    @Test
    void modulesToSaveTrainInFull() {
        Mlp m = model();
        LoraInjector.inject(m, "x", LoraConfig.of(2, TargetModules.names("layers.0")).withModulesToSave(List.of("head")), 1);
        assertThat(m.module("head").trainableParameters()).hasSize(2);
        assertThat(m.module("layers.1").trainableParameters()).isEmpty();
        assertThat(m.trainableParameterCount()).isEqualTo(2L * (8 + 16) + 12 * 4 + 4);
    }

    @Test
    void clearErrorsWhenNothingMatchesOrTheRankIsTooLarge() {
        assertThatThrownBy(() -> LoraInjector.inject(model(), "x", LoraConfig.of(2, TargetModules.names("q_proj")), 1))
                .hasMessageContaining("matched no module").hasMessageContaining("layers.0");
        Mlp m = model();
        assertThatThrownBy(() -> LoraInjector.inject(m, "x", LoraConfig.of(5, TargetModules.regex(".*")), 1))
                .hasMessageContaining("module 'head'").hasMessageContaining("min(out, in) = 4");
        assertThat(m.module("layers.0")).as("nothing changed").isInstanceOf(Linear.class);
        assertThatThrownBy(() -> LoraInjector.inject(model(), "x",
                LoraConfig.of(2, TargetModules.names("layers.0")).withModulesToSave(List.of("nope")), 1))
                .hasMessageContaining("modules_to_save names 'nope'");
        assertThatThrownBy(() -> LoraConfig.of(2, TargetModules.names("head")).withModulesToSave(List.of("head")))
                .hasMessageContaining("both a target and in modules_to_save");
    }
}
