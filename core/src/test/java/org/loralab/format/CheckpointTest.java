package org.loralab.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;

class CheckpointTest {

    private static void file(Path path, String... names) {
        SafetensorsWriter.write(path, java.util.Arrays.stream(names).map(n -> SafetensorsWriter.Tensor.of(n, DType.F32,
                new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6})).toList(), Map.of("format", "pt"));
    }

    @Test
    void fileIndexAndFolderGiveTheSameTensors(@TempDir Path dir) throws IOException {
        file(dir.resolve("model-00001-of-00002.safetensors"), "a.weight", "b.weight");
        file(dir.resolve("model-00002-of-00002.safetensors"), "c.weight");
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"metadata\": {}, \"weight_map\": {"
                + "\"a.weight\": \"model-00001-of-00002.safetensors\", \"b.weight\": \"model-00001-of-00002.safetensors\","
                + "\"c.weight\": \"model-00002-of-00002.safetensors\"}}");
        try (Checkpoint folder = Checkpoint.open(dir); Checkpoint index = Checkpoint.open(dir.resolve(Checkpoint.INDEX))) {
            assertThat(folder.names()).containsExactly("a.weight", "b.weight", "c.weight");
            assertThat(index.names()).containsExactlyElementsOf(folder.names());
            assertThat(index.matrix("c.weight", false).get(1, 2)).isEqualTo(6);
            assertThat(index.matrix("c.weight", true).get(2, 1)).as("Conv1D orientation").isEqualTo(6);
            assertThat(index.metadata()).containsEntry("format", "pt");
        }
        try (Checkpoint single = Checkpoint.open(dir.resolve("model-00002-of-00002.safetensors"))) {
            assertThat(single.names()).containsExactly("c.weight");
            assertThatThrownBy(() -> single.read("a.weight")).hasMessageContaining("no tensor named 'a.weight'");
        }
    }

    @Test
    void badIndexesAndFoldersAreClearErrors(@TempDir Path dir) throws IOException {
        file(dir.resolve("one.safetensors"), "a.weight");
        Path index = dir.resolve("index.json");
        Files.writeString(index, "{\"weight_map\": {\"a.weight\": \"../../etc/passwd\"}}");
        assertThatThrownBy(() -> Checkpoint.open(index)).isInstanceOf(BadInputException.class).hasMessageContaining("outside");
        Files.writeString(index, "{\"weight_map\": {\"z.weight\": \"one.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoint.open(index)).hasMessageContaining("'z.weight' is not in its shard");
        Files.writeString(index, "{\"weight_map\": [1]}");
        assertThatThrownBy(() -> Checkpoint.open(index)).hasMessageContaining("no weight_map");
        Files.writeString(index, "{oops");
        assertThatThrownBy(() -> Checkpoint.open(index)).hasMessageContaining("not a valid index");
        file(dir.resolve("two.safetensors"), "a.weight");
        assertThatThrownBy(() -> Checkpoint.open(dir)).hasMessageContaining("tensor 'a.weight' is also in");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Checkpoint.open(empty)).hasMessageContaining("no .safetensors file");
        assertThatThrownBy(() -> Checkpoint.open(dir.resolve("nope.safetensors"))).hasMessageContaining("no such file");
        assertThat(List.of(ModuleName.of("model.layers.12.self_attn.q_proj.weight"), ModuleName.of("head.weight"),
                ModuleName.of("transformer.h.3.attn.c_attn.weight"), ModuleName.of("layers.1.weight")))
                .containsExactly(new ModuleName("q_proj", 12, true), new ModuleName("head", -1, false),
                        new ModuleName("c_attn", 3, true), new ModuleName("layers", 1, false));
    }
}
