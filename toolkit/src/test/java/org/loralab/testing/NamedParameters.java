package org.loralab.testing;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loralab.lora.LoraAdapter;
import org.loralab.lora.LoraLinear;
import org.loralab.nn.LinearLayer;
import org.loralab.nn.Model;
import org.loralab.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model's tensors under the names PyTorch and PEFT give them, for comparisons with the torch oracle. */
public final class NamedParameters {
    private NamedParameters() {
    }

    /**
     * Every base tensor ({@link Model#state()}) and every active adapter factor
     * ({@code <module>.lora_A.weight}, {@code <module>.lora_B.weight}), by name; the arrays themselves.
     */
    public static Map<String, INDArray> tensors(Model model) {
        Map<String, INDArray> all = new LinkedHashMap<>(model.state());
        adapters(model).forEach((name, p) -> all.put(name, p.value()));
        return all;
    }

    /** The trainable parameters of {@code model} by their PyTorch names, in the model's order. */
    public static Map<String, Parameter> trainable(Model model) {
        Map<INDArray, String> nameOfArray = new IdentityHashMap<>();
        model.state().forEach((name, value) -> nameOfArray.put(value, name));
        Map<Parameter, String> nameOfAdapter = new IdentityHashMap<>();
        adapters(model).forEach((name, p) -> nameOfAdapter.put(p, name));
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : model.trainableParameters()) {
            String name = nameOfAdapter.containsKey(p) ? nameOfAdapter.get(p) : nameOfArray.get(p.value());
            if (name == null) {
                throw new IllegalStateException("trainable parameter " + p + " has no name in the model's state");
            }
            named.put(name, p);
        }
        return named;
    }

    private static Map<String, Parameter> adapters(Model model) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Map.Entry<String, LinearLayer> e : model.modules().entrySet()) {
            if (e.getValue() instanceof LoraLinear lora && lora.activeAdapter() != null) {
                LoraAdapter adapter = lora.adapter(lora.activeAdapter());
                named.put(e.getKey() + ".lora_A.weight", adapter.a());
                named.put(e.getKey() + ".lora_B.weight", adapter.b());
            }
        }
        return named;
    }
}
