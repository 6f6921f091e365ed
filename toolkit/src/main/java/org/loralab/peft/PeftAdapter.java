package org.loralab.peft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.loralab.BadInputException;
import org.loralab.format.DType;
import org.loralab.io.AtomicFiles;
import org.loralab.linalg.MatrixBridge;
import org.loralab.lora.InitScheme;
import org.loralab.lora.LoraAdapter;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.LoraLinear;
import org.loralab.lora.TargetModules;
import org.loralab.nn.LinearLayer;
import org.loralab.nn.Model;

/**
 * A LoRA adapter in Hugging Face PEFT's format: a folder with {@code adapter_config.json} ({@code r},
 * {@code lora_alpha}, {@code use_rslora}, {@code target_modules}, ...) and {@code adapter_model.safetensors}
 * holding, per adapted module, {@code base_model.model.<module>.lora_A.weight} [r, in] and
 * {@code ...lora_B.weight} [out, r]. dW = scaling B A, scaling = alpha / r (alpha / sqrt(r) with rsLoRA), with
 * r taken per module from A's shape and alpha from {@code alpha_pattern} where it names the module (PEFT's
 * {@code rank_pattern} and {@code alpha_pattern}: a key names every module whose path ends with it after a dot, the
 * first matching key wins). Writing puts every module whose rank is not {@code r} into {@code rank_pattern}, so that
 * PEFT builds the same shapes.
 *
 * @param rank          the config's {@code r}
 * @param alpha         {@code lora_alpha}
 * @param useRslora     {@code use_rslora}
 * @param dropout       {@code lora_dropout}
 * @param targetModules {@code target_modules} as listed
 * @param fanInFanOut   {@code fan_in_fan_out}: the adapted base weights are stored [in, out], as GPT-2's {@code Conv1D}
 *                      ({@code c_attn}, {@code c_fc}, {@code c_proj}); the factors keep their shapes and the update
 *                      is added transposed, (scaling B A)^T, as PEFT's {@code get_delta_weight} does
 * @param modules       the factors by module path (in file order)
 * @param alphaPattern  {@code alpha_pattern}: lora_alpha by module key where it is not {@code alpha}
 */
public record PeftAdapter(int rank, double alpha, boolean useRslora, double dropout, List<String> targetModules,
                          boolean fanInFanOut, Map<String, Factors> modules, Map<String, Double> alphaPattern) {
    /** The prefix PEFT puts before module paths in the weights file. */
    public static final String PREFIX = "base_model.model.";
    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One module's factors: A [r, in] and B [out, r]. */
    public record Factors(DMatrixRMaj a, DMatrixRMaj b) {
        public int rank() {
            return a.numRows;
        }
    }

    public PeftAdapter {
        targetModules = List.copyOf(targetModules);
        modules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        alphaPattern = alphaPattern == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alphaPattern));
    }

    /** An adapter with one lora_alpha for every module. */
    public PeftAdapter(int rank, double alpha, boolean useRslora, double dropout, List<String> targetModules,
                       boolean fanInFanOut, Map<String, Factors> modules) {
        this(rank, alpha, useRslora, dropout, targetModules, fanInFanOut, modules, Map.of());
    }

    /** The same adapter with {@code fan_in_fan_out} set (for adapters of Conv1D models saved without the flag). */
    public PeftAdapter withFanInFanOut(boolean value) {
        return new PeftAdapter(rank, alpha, useRslora, dropout, targetModules, value, modules, alphaPattern);
    }

    /** The key of {@code pattern} that names {@code module} as PEFT matches it ({@code (.*\.)?key$}), if any. */
    static Optional<String> patternKey(java.util.Set<String> pattern, String module) {
        return pattern.stream().filter(key -> Pattern.compile("(.*\\.)?(" + key + ")").matcher(module).matches()).findFirst();
    }

    /** lora_alpha of {@code module}: its {@code alpha_pattern} entry, else {@code alpha}. */
    public double alphaOf(String module) {
        return patternKey(alphaPattern.keySet(), module).map(alphaPattern::get).orElse(alpha);
    }

    /** The scaling of {@code module}: its lora_alpha over its rank (over the rank's square root with rsLoRA). */
    public double scaling(String module) {
        Factors f = modules.get(module);
        if (f == null) {
            throw new IllegalArgumentException("the adapter has no module '" + module + "'");
        }
        double a = alphaOf(module);
        return useRslora ? a / Math.sqrt(f.rank()) : a / f.rank();
    }

    /**
     * The shape of the base weight that module {@code f} adapts, as stored: [out, in], or [in, out] under
     * {@code fan_in_fan_out}.
     */
    public long[] baseWeightShape(Factors f) {
        return fanInFanOut ? new long[] {f.a().numCols, f.b().numRows} : new long[] {f.b().numRows, f.a().numCols};
    }

    /** Reads and checks a PEFT adapter folder. */
    public static PeftAdapter read(Path dir) {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new BadInputException(dir + ": not a PEFT adapter folder (no " + CONFIG_FILE + ")");
        }
        JsonNode config;
        try {
            config = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new BadInputException(configFile + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (config == null || !config.isObject()) {
            throw new BadInputException(configFile + ": not a JSON object");
        }
        if (config.has("peft_type") && !"LORA".equals(config.get("peft_type").asText())) {
            throw new BadInputException(configFile + ": peft_type " + config.get("peft_type") + " is not LORA");
        }
        int r = positiveInt(configFile, config, "r");
        double alpha = config.has("lora_alpha") ? config.get("lora_alpha").asDouble(Double.NaN) : 8;
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new BadInputException(configFile + ": lora_alpha must be a positive number, got " + config.get("lora_alpha"));
        }
        boolean rslora = config.has("use_rslora") && config.get("use_rslora").asBoolean(false);
        double dropout = config.has("lora_dropout") ? config.get("lora_dropout").asDouble(0) : 0;
        List<String> targets = new ArrayList<>();
        JsonNode t = config.get("target_modules");
        if (t != null && t.isArray()) {
            t.forEach(n -> targets.add(n.asText()));
        } else if (t != null && t.isTextual()) {
            targets.add(t.asText());
        }
        boolean fanInFanOut = config.has("fan_in_fan_out") && config.get("fan_in_fan_out").asBoolean(false);
        Map<String, Factors> factors = AdapterWeights.read(dir.resolve(WEIGHTS_FILE));
        Map<String, Double> rankPattern = pattern(configFile, config, "rank_pattern");
        factors.forEach((module, f) -> patternKey(rankPattern.keySet(), module).ifPresent(key -> {
            if (rankPattern.get(key) != f.rank()) {
                throw new BadInputException(configFile + ": rank_pattern gives '" + key + "' rank " + rankPattern.get(key).intValue()
                        + " but module '" + module + "' has factors of rank " + f.rank());
            }
        }));
        return new PeftAdapter(r, alpha, rslora, dropout, targets, fanInFanOut, factors,
                pattern(configFile, config, "alpha_pattern"));
    }

    /** {@code rank_pattern} or {@code alpha_pattern}: positive numbers by module key; empty when absent or null. */
    private static Map<String, Double> pattern(Path file, JsonNode config, String key) {
        JsonNode node = config.get(key);
        Map<String, Double> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new BadInputException(file + ": " + key + " must be an object of module keys to numbers, got " + node);
        }
        node.fields().forEachRemaining(e -> {
            try {
                Pattern.compile(e.getKey());
            } catch (java.util.regex.PatternSyntaxException bad) {
                throw new BadInputException(file + ": " + key + " key '" + e.getKey() + "' is not a valid pattern");
            }
            double v = e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN;
            if (!(v > 0) || Double.isInfinite(v) || key.equals("rank_pattern") && v != Math.rint(v)) {
                throw new BadInputException(file + ": " + key + " gives '" + e.getKey() + "' " + e.getValue()
                        + "; it must be a positive " + (key.equals("rank_pattern") ? "integer" : "number"));
            }
            out.put(e.getKey(), v);
        });
        return out;
    }


    /** Writes {@code dir/adapter_config.json} and {@code dir/adapter_model.safetensors} (factors in {@code dtype}). */
    public void write(Path dir, DType dtype) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot create the folder (" + e.getMessage() + ")");
        }
        AdapterWeights.write(dir.resolve(WEIGHTS_FILE), modules, dtype);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("peft_type", "LORA");
        config.put("task_type", null);
        config.put("base_model_name_or_path", null);
        config.put("r", rank);
        config.put("lora_alpha", alpha);
        config.put("lora_dropout", dropout);
        config.put("target_modules", targetModules);
        Map<String, Integer> rankPattern = new LinkedHashMap<>();
        modules.forEach((module, f) -> {
            if (f.rank() != rank) {
                rankPattern.put(module, f.rank());
            }
        });
        config.put("rank_pattern", rankPattern);
        config.put("alpha_pattern", alphaPattern);
        config.put("use_rslora", useRslora);
        config.put("bias", "none");
        config.put("fan_in_fan_out", fanInFanOut);
        config.put("modules_to_save", null);
        config.put("init_lora_weights", true);
        config.put("inference_mode", true);
        AtomicFiles.write(dir.resolve(CONFIG_FILE), tmp -> JSON.writeValue(tmp.toFile(), config));
    }

    /**
     * The adapter named {@code adapterName} of every LoRA module of {@code model}, as a PEFT adapter: {@code r} the most
     * common rank (the larger on a tie), {@code lora_alpha} that of the first module of that rank, and
     * {@code alpha_pattern} for modules whose lora_alpha differs (their ranks go into rank_pattern when written).
     */
    public static PeftAdapter of(Model model, String adapterName) {
        Map<String, Factors> modules = new LinkedHashMap<>();
        Map<String, LoraConfig> configs = new LinkedHashMap<>();
        for (Map.Entry<String, LinearLayer> e : model.modules().entrySet()) {
            if (e.getValue() instanceof LoraLinear lora && lora.adapterNames().contains(adapterName)) {
                LoraAdapter adapter = lora.adapter(adapterName);
                configs.put(e.getKey(), adapter.config());
                modules.put(e.getKey(), new Factors(MatrixBridge.toEjml(adapter.a().value()),
                        MatrixBridge.toEjml(adapter.b().value())));
            }
        }
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("the model has no LoRA adapter named '" + adapterName + "'");
        }
        Map<Integer, Long> counts = configs.values().stream().collect(java.util.stream.Collectors.groupingBy(
                LoraConfig::rank, java.util.stream.Collectors.counting()));
        int r = counts.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
        LoraConfig main = configs.values().stream().filter(c -> c.rank() == r).findFirst().orElseThrow();
        Map<String, Double> alphas = new LinkedHashMap<>();
        configs.forEach((module, c) -> {
            if (c.alpha() != main.alpha()) {
                alphas.put(module, c.alpha());
            }
        });
        return new PeftAdapter(r, main.alpha(), main.useRslora(), main.dropout(), List.copyOf(modules.keySet()), false,
                modules, alphas);
    }

    /**
     * Adds this adapter to {@code model} as {@code adapterName} (made active), mapping each PEFT module path
     * through {@code nameMap} (paths not in it are used as they are). Every module must exist with matching
     * shapes before anything changes.
     */
    public void applyTo(Model model, String adapterName, Map<String, String> nameMap) {
        Map<String, String> toolkitName = new LinkedHashMap<>();
        for (Map.Entry<String, Factors> e : modules.entrySet()) {
            String name = nameMap.getOrDefault(e.getKey(), e.getKey());
            if (!model.modules().containsKey(name)) {
                throw new BadInputException("adapter module '" + e.getKey() + "' maps to '" + name
                        + "', which is not a module of the model " + model.modules().keySet() + " (use a name map)");
            }
            LinearLayer layer = model.module(name);
            Factors f = e.getValue();
            if (f.a().numCols != layer.inFeatures() || f.b().numRows != layer.outFeatures()) {
                throw new BadInputException("adapter module '" + e.getKey() + "' is " + f.b().numRows + "x" + f.a().numCols
                        + " but module '" + name + "' is " + layer.outFeatures() + "x" + layer.inFeatures());
            }
            toolkitName.put(e.getKey(), name);
        }
        for (Map.Entry<String, String> e : toolkitName.entrySet()) {
            Factors f = modules.get(e.getKey());
            LoraConfig config = new LoraConfig(f.rank(), alphaOf(e.getKey()), useRslora, dropout, InitScheme.KAIMING,
                    TargetModules.names(e.getValue()), List.of());
            LoraInjector.inject(model, adapterName, config, 0);
            LoraAdapter adapter = ((LoraLinear) model.module(e.getValue())).adapter(adapterName);
            adapter.a().value().assign(MatrixBridge.toNd4j(f.a(), adapter.a().value().dataType()));
            adapter.b().value().assign(MatrixBridge.toNd4j(f.b(), adapter.b().value().dataType()));
        }
    }

    private static int positiveInt(Path file, JsonNode config, String key) {
        JsonNode n = config.get(key);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
            throw new BadInputException(file + ": " + key + " must be a positive integer, got " + n);
        }
        return n.asInt();
    }
}
