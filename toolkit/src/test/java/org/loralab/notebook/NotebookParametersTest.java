package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loralab.BadInputException;

class NotebookParametersTest {
    private static final NotebookParameters PARAMS = NotebookParameters.parse("""
            // a comment
            import java.util.List;
            int epochs = 30;
            final double lr = 1e-3; // learning rate
            String spec = "../experiments/planted-rank.yaml";
            boolean quick = false;
            List<Integer> ranks = List.of(1, 2);
            List<Long> seeds = List.of(1L);
            List<Double> alphas = List.of();
            List<String> names = List.of("a");
            long steps = 5L;
            """);

    @Test
    void readsTheTypedDeclarations() {
        assertThat(PARAMS.types()).containsExactly(Map.entry("epochs", "int"), Map.entry("lr", "double"),
                Map.entry("spec", "String"), Map.entry("quick", "boolean"), Map.entry("ranks", "List<Integer>"),
                Map.entry("seeds", "List<Long>"), Map.entry("alphas", "List<Double>"), Map.entry("names", "List<String>"),
                Map.entry("steps", "long"));
    }

    @Test
    void writesJavaDeclarationsOfEachType() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("epochs", "5");
        values.put("lr", "0.5");
        values.put("spec", "say \"hi\"\\n");
        values.put("quick", "TRUE");
        values.put("ranks", "[1, 4, 8]");
        values.put("seeds", "3,4");
        values.put("alphas", "[8, 16.5, 1e-3]");
        values.put("names", "x, y");
        values.put("steps", "9");
        assertThat(PARAMS.injectionSource(values)).isEqualTo("""
                // Parameters injected by loralab notebook run
                int epochs = 5;
                double lr = 0.5;
                String spec = "say \\"hi\\"\\\\n";
                boolean quick = true;
                List<Integer> ranks = java.util.List.of(1, 4, 8);
                List<Long> seeds = java.util.List.of(3L, 4L);
                List<Double> alphas = java.util.List.of(8.0, 16.5, 0.001);
                List<String> names = java.util.List.of("x", "y");
                long steps = 9L;
                """);
    }

    @Test
    void unknownNamesAndWrongTypesAreClearErrors() {
        assertThatThrownBy(() -> PARAMS.injectionSource(Map.of("warmup", "3"))).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("-p warmup: no parameter named 'warmup'").hasMessageContaining("epochs, lr");
        assertThatThrownBy(() -> PARAMS.injectionSource(Map.of("epochs", "many")))
                .hasMessage("-p epochs=many: 'epochs' is declared int in the parameters cell, and 'many' is not a int");
        assertThatThrownBy(() -> PARAMS.injectionSource(Map.of("ranks", "1,x"))).hasMessageContaining("'x' is not a int");
        assertThatThrownBy(() -> PARAMS.injectionSource(Map.of("quick", "yes"))).hasMessageContaining("give true or false");
        assertThatThrownBy(() -> PARAMS.injectionSource(Map.of("lr", "NaN"))).hasMessageContaining("must be finite");
        assertThatThrownBy(() -> PARAMS.injectionSource(Map.of("alphas", "1,Infinity"))).hasMessageContaining("must be finite");
        assertThatThrownBy(() -> PARAMS.injectionSource(Map.of("alphas", "1,a"))).hasMessageContaining("'a' is not a double");
        assertThat(PARAMS.injectionSource(Map.of("alphas", "[]"))).contains("List<Double> alphas = java.util.List.of();");
    }
}
