package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;

class NotebookExecutorTest {
    private static final String NOTEBOOK = """
            {"cells": [
              {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Title"},
              {"cell_type": "code", "id": "b", "metadata": {"tags": ["parameters"]}, "outputs": [], "execution_count": null,
               "source": ["int epochs = 3;\\n", "String name = \\"x\\";"]},
              {"cell_type": "code", "id": "c", "metadata": {}, "outputs": [], "execution_count": null, "source": "epochs"}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """;

    private static ObjectNode notebook(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("nb.ipynb");
        Files.writeString(f, NOTEBOOK);
        return NotebookExecutor.read(f);
    }

    @Test
    void injectsATaggedCellAfterTheParametersAndReplacesItOnTheNextRun(@TempDir Path dir) throws IOException {
        ObjectNode nb = notebook(dir);
        NotebookExecutor.inject(nb, Map.of("epochs", "7"), dir);
        NotebookExecutor.inject(nb, Map.of("name", "y"), dir);
        var cells = nb.get("cells");
        assertThat(cells).hasSize(4);
        assertThat(NotebookExecutor.hasTag(cells.get(2), NotebookExecutor.INJECTED_TAG)).isTrue();
        assertThat(NotebookExecutor.source(cells.get(2))).contains("String name = \"y\";").doesNotContain("epochs");
        assertThat(cells.get(2).get("id").asText()).isEqualTo("injected-parameters");
        assertThat(NotebookExecutor.source(cells.get(3))).isEqualTo("epochs");
        NotebookExecutor.inject(nb, Map.of(), dir);
        assertThat(nb.get("cells")).as("no parameters: no injected cell").hasSize(3);
    }

    @Test
    void badNotebooksAndParametersAreBadInput(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> NotebookExecutor.read(dir.resolve("none.ipynb"))).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("none.ipynb: no such file");
        Path broken = dir.resolve("broken.ipynb");
        Files.writeString(broken, "{\"cells\": 3}");
        assertThatThrownBy(() -> NotebookExecutor.read(broken)).hasMessageContaining("not a Jupyter notebook");
        ObjectNode nb = notebook(dir);
        assertThatThrownBy(() -> NotebookExecutor.inject(nb, Map.of("lr", "0.1"), dir)).hasMessageContaining("no parameter named 'lr'");
        ((com.fasterxml.jackson.databind.node.ArrayNode) nb.get("cells")).remove(1);
        assertThatThrownBy(() -> NotebookExecutor.inject(nb, Map.of("epochs", "1"), dir))
                .hasMessageContaining("no cell is tagged 'parameters'");
    }
}
