package org.loralab.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.nn.TransformerConfig;

class ModulesToSaveTest {
    private static final List<String> NAMES = new TransformerConfig(20, 8, 8, 2, 2, 32).savableModuleNames();

    @Test
    void namesByWholeNameBySuffixAsPeftAndByPattern() {
        assertThat(ModulesToSave.resolve(List.of("embed_tokens"), NAMES)).containsExactly("embed_tokens");
        assertThat(ModulesToSave.resolve(List.of("input_layernorm"), NAMES))
                .containsExactly("layers.0.input_layernorm", "layers.1.input_layernorm");
        assertThat(ModulesToSave.resolve(List.of("norm"), NAMES)).containsExactly("norm"); // not the blocks' layernorms
        assertThat(ModulesToSave.resolve(List.of("*norm*", "embed_positions", "embed_tokens"), NAMES)).containsExactly(
                "embed_tokens", "embed_positions", "layers.0.input_layernorm", "layers.0.post_attention_layernorm",
                "layers.1.input_layernorm", "layers.1.post_attention_layernorm", "norm");
        assertThat(ModulesToSave.resolve(List.of("layers.1.mlp.fc*"), NAMES)).containsExactly("layers.1.mlp.fc1", "layers.1.mlp.fc2");
    }

    @Test
    void anEntryThatNamesNothingIsAnError() {
        assertThatThrownBy(() -> ModulesToSave.resolve(List.of("embed_tokens", "layer_norm"), NAMES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modules_to_save names 'layer_norm', which matches no module").hasMessageContaining("norm");
    }
}
