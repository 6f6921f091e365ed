package org.loralab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.loralab.spec.SpecNode;
import org.loralab.study.StudyPoint;
import org.loralab.study.StudyReader;
import org.loralab.testing.RequiredTool;
import org.loralab.testing.Specs;

/**
 * The spec schema is what the readers read: every key a reader asks about (read, optional or checked for), over every
 * committed spec and a spec of each test-only type, is in the schema, and every key of the schema is asked about.
 */
class SpecSchemaTest {
    /** Specs of the types only the tests register (a task type and two methods), so that their keys are read too. */
    private static final List<String> TEST_ONLY = List.of(
            "task: {type: shifted-head, size: 6, examples: 64, seed: 3}\nfull: {epochs: 1, batch_size: 16, learning_rate: 0.01}\n"
                    + "lora: {ranks: [1], target_modules: [head], epochs: 1, batch_size: 16, learning_rate: 0.01}\nseeds: [1]\n",
            Specs.VALID + "partial: {target_modules: [layers.1], learning_rate: 0.01, epochs: 2, batch_size: 16}\n"
                    + "planted_fault: {learning_rate: 0.01, epochs: 1, batch_size: 16}\n");

    @Test
    void theSchemaHoldsExactlyTheKeysTheReadersAskFor() throws Exception {
        RequiredTool.require(Files.isDirectory(Path.of("/usr/share/games/fortunes/de")), "fortunes and fortunes-de");
        RequiredTool.require(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist");
        List<String> texts = new ArrayList<>(TEST_ONLY);
        try (var files = Files.list(Path.of("..", "experiments"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (StudyReader.isStudy(f)) {
                    StudyReader.read(f).points().stream().map(StudyPoint::specText).forEach(texts::add);
                } else {
                    texts.add(Files.readString(f));
                }
            }
        }
        TreeSet<String> asked = new TreeSet<>();
        try (AutoCloseable listening = SpecNode.observeKeys(k -> asked.add(k.replaceAll("\\[\\d+\\]", "")))) {
            for (String text : texts) {
                SpecReader.parse(text, "spec.yaml", "x");
            }
        }
        assertThat(asked).as("keys the readers ask for that the schema lacks")
                .isSubsetOf(SpecSchema.registered().paths());
        assertThat(SpecSchema.registered().paths()).as("schema keys no reader asks for").isSubsetOf(asked);
    }

    /** The committed reference is the built-in schema's text, without the types only the tests register. */
    @Test
    void theCommittedReferenceIsTheSchema() throws Exception {
        String md = SpecSchema.builtIn().markdown();
        assertThat(Files.readString(Path.of("..", "docs", "spec-reference.md")))
                .as("docs/spec-reference.md is stale: ./loralab reference --spec > docs/spec-reference.md").isEqualTo(md);
        assertThat(md).contains("## task, type charlm-transfer", "| `base_epochs` |", "## lora.grid", "## study")
                .doesNotContain("shifted-head", "partial", "planted_fault");
    }
}
