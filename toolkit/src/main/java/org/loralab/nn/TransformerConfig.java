package org.loralab.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Shape of a decoder-only transformer (GPT-2 style, pre-norm): token and position embeddings, {@code layers} blocks of
 * causal self-attention and an MLP, a final LayerNorm and an output head.
 *
 * @param vocabSize     tokens, >= 2
 * @param contextLength the longest sequence, >= 1
 * @param width         features per position (d_model), a multiple of {@code heads}
 * @param layers        blocks, >= 1
 * @param heads         attention heads per block, >= 1
 * @param mlpWidth      hidden features of each block's MLP (usually 4 x width), >= 1
 */
public record TransformerConfig(int vocabSize, int contextLength, int width, int layers, int heads, int mlpWidth)
        implements ModelConfig {

    /** {@link ModelConfig#kind()} of transformers. */
    public static final String KIND = "transformer";

    /** Name of the output module. */
    public static final String HEAD = "lm_head";
    /** Names of the modules that are not linear, as Hugging Face names them (the norms per block after its prefix). */
    public static final String EMBED_TOKENS = "embed_tokens";
    public static final String EMBED_POSITIONS = "embed_positions";
    public static final String INPUT_NORM = "input_layernorm";
    public static final String POST_ATTENTION_NORM = "post_attention_layernorm";
    public static final String FINAL_NORM = "norm";
    /** Names of a block's linear modules after its prefix, as Hugging Face names them (GPT-2 style blocks). */
    public static final String Q_PROJ = "self_attn.q_proj";
    public static final String K_PROJ = "self_attn.k_proj";
    public static final String V_PROJ = "self_attn.v_proj";
    public static final String O_PROJ = "self_attn.o_proj";
    public static final String FC1 = "mlp.fc1";
    public static final String FC2 = "mlp.fc2";

    public TransformerConfig {
        check(vocabSize >= 2, "vocab_size must be >= 2, got " + vocabSize);
        check(contextLength >= 1, "context_length must be >= 1, got " + contextLength);
        check(layers >= 1, "layers must be >= 1, got " + layers);
        check(heads >= 1, "heads must be >= 1, got " + heads);
        check(width >= 1 && width % heads == 0, "width must be a positive multiple of heads (" + heads + "), got " + width);
        check(mlpWidth >= 1, "mlp_width must be >= 1, got " + mlpWidth);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The prefix of block {@code layer}'s modules, for example {@code layers.0.}. */
    public static String block(int layer) {
        return "layers." + layer + ".";
    }

    /**
     * Per block {@code layers.i.self_attn.q_proj}, {@code k_proj}, {@code v_proj}, {@code o_proj}, {@code layers.i.mlp.fc1},
     * {@code fc2} (Hugging Face's names), then {@code lm_head}.
     */
    /**
     * {@code embed_tokens}, {@code embed_positions}, per block {@code layers.i.input_layernorm} and
     * {@code layers.i.post_attention_layernorm}, the final {@code norm} (Hugging Face's names), then the linear modules.
     */
    @Override
    public java.util.List<String> savableModuleNames() {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(EMBED_TOKENS, EMBED_POSITIONS));
        for (int i = 0; i < layers; i++) {
            names.add(block(i) + INPUT_NORM);
            names.add(block(i) + POST_ATTENTION_NORM);
        }
        names.add(FINAL_NORM);
        names.addAll(moduleShapes().keySet());
        return names;
    }

    @Override
    public Map<String, int[]> moduleShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int i = 0; i < layers; i++) {
            for (String p : new String[] {Q_PROJ, K_PROJ, V_PROJ, O_PROJ}) {
                shapes.put(block(i) + p, new int[] {width, width});
            }
            shapes.put(block(i) + FC1, new int[] {mlpWidth, width});
            shapes.put(block(i) + FC2, new int[] {width, mlpWidth});
        }
        shapes.put(HEAD, new int[] {vocabSize, width});
        return shapes;
    }

    @Override
    public Transformer initialize(DataType dtype, long seed) {
        return Transformer.initialize(this, dtype, seed);
    }

    @Override
    public String describe() {
        return "decoder-only transformer, " + layers + (layers == 1 ? " layer" : " layers") + ", width " + width + ", " + heads + " heads, MLP width "
                + mlpWidth + ", context " + contextLength + ", vocabulary " + vocabSize;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("vocab_size", vocabSize);
        f.put("context_length", contextLength);
        f.put("width", width);
        f.put("layers", layers);
        f.put("heads", heads);
        f.put("mlp_width", mlpWidth);
        return f;
    }

    /** The config that {@link #fields()} wrote. */
    public static TransformerConfig read(JsonNode f) {
        return new TransformerConfig(f.get("vocab_size").asInt(), f.get("context_length").asInt(), f.get("width").asInt(),
                f.get("layers").asInt(), f.get("heads").asInt(), f.get("mlp_width").asInt());
    }
}
