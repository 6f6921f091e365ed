package org.loralab.nn;

import static org.loralab.nn.TransformerConfig.FC1;
import static org.loralab.nn.TransformerConfig.FC2;
import static org.loralab.nn.TransformerConfig.K_PROJ;
import static org.loralab.nn.TransformerConfig.O_PROJ;
import static org.loralab.nn.TransformerConfig.Q_PROJ;
import static org.loralab.nn.TransformerConfig.V_PROJ;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.loralab.linalg.Elementwise;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A decoder-only transformer (GPT-2's pre-norm block) over token ids, whose linear modules carry Hugging Face's names
 * ({@code layers.0.self_attn.q_proj}, ..., {@code layers.0.mlp.fc1}, {@code lm_head}) so that adapters target them as
 * PEFT does. Each block: h += o_proj(attention(q_proj(n), k_proj(n), v_proj(n))) with n = LayerNorm(h), then
 * h += fc2(gelu(fc1(LayerNorm(h)))). Backward is written by hand, as for the {@link Mlp}.
 *
 * <p>Exactly: token plus learned position embeddings; LayerNorm with eps 1e-5 (torch's default); attention scores
 * q k^T / sqrt(head width) with a causal mask (a position sees itself and earlier ones), softmax over keys; GELU in
 * GPT-2's tanh form (torch's {@code gelu(approximate="tanh")}); a final LayerNorm before {@code lm_head}; adapters
 * add scaling B A x to their module's output. Logits, loss and every gradient equal a PyTorch model
 * written from this definition to 1e-10 in float64 (TransformerTest).
 */
public final class Transformer implements Model {
    private final TransformerConfig config;
    private final Embedding tokens;
    private final Embedding positions;
    private final List<Block> blocks;
    private final LayerNorm finalNorm;
    private final NamedModules modules;

    /** The parameter-free parts and norms of one block; its linear modules live in {@link #modules}. */
    private record Block(String prefix, LayerNorm attentionNorm, CausalAttention attention, LayerNorm mlpNorm, Gelu gelu) {
        Block copy(int heads) {
            return new Block(prefix, attentionNorm.copy(), new CausalAttention(heads), mlpNorm.copy(), new Gelu());
        }
    }

    private Transformer(TransformerConfig config, Embedding tokens, Embedding positions, List<Block> blocks,
                        LayerNorm finalNorm, NamedModules modules) {
        this.config = config;
        this.tokens = tokens;
        this.positions = positions;
        this.blocks = blocks;
        this.finalNorm = finalNorm;
        this.modules = modules;
    }

    /**
     * GPT-2's initialisation: weights and embeddings N(0, 0.02^2), the projections into the residual stream
     * ({@code o_proj}, {@code fc2}) N(0, (0.02 / sqrt(2 layers))^2) so that its variance does not grow with depth,
     * biases 0, LayerNorms the identity; drawn from {@code seed}.
     */
    public static Transformer initialize(TransformerConfig config, DataType dtype, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double std = 0.02;
        double residualStd = std / Math.sqrt(2.0 * config.layers());
        Embedding tokens = new Embedding(RandomArrays.normal(rng, 0, std, dtype, config.vocabSize(), config.width()));
        Embedding positions = new Embedding(RandomArrays.normal(rng, 0, std, dtype, config.contextLength(), config.width()));
        NamedModules modules = new NamedModules();
        config.moduleShapes().forEach((name, shape) -> {
            boolean residual = name.endsWith("o_proj") || name.endsWith("fc2");
            modules.add(name, new Linear(RandomArrays.normal(rng, 0, residual ? residualStd : std, dtype, shape[0], shape[1]),
                    Nd4j.zeros(dtype, shape[0])));
        });
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new Block(TransformerConfig.block(i), LayerNorm.identity(config.width(), dtype),
                    new CausalAttention(config.heads()), LayerNorm.identity(config.width(), dtype), new Gelu()));
        }
        return new Transformer(config, tokens, positions, blocks, LayerNorm.identity(config.width(), dtype), modules);
    }

    @Override
    public TransformerConfig config() {
        return config;
    }

    @Override
    public Map<String, LinearLayer> modules() {
        return modules.view();
    }

    @Override
    public void replace(String name, LinearLayer layer) {
        modules.replace(name, layer);
    }

    /**
     * @param x (sequences, length) token ids (integers stored in any data type), length at most the context length
     * @return (sequences * length, vocab) next-token logits, rows ordered by sequence, then position
     */
    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x.rank() != 2 || x.columns() > config.contextLength()) {
            throw new IllegalArgumentException("input must be (sequences, length <= " + config.contextLength() + "), got "
                    + java.util.Arrays.toString(x.shape()));
        }
        int sequences = (int) x.rows();
        int length = (int) x.columns();
        int[] ids = x.dup('c').data().asInt();
        int[] places = new int[ids.length];
        for (int i = 0; i < places.length; i++) {
            places[i] = i % length;
        }
        INDArray h = Elementwise.addInPlace(tokens.forward(ids), positions.forward(places));
        for (Block b : blocks) {
            INDArray n = b.attentionNorm().forward(h);
            INDArray attended = b.attention().forward(module(b, Q_PROJ).forward(n, training),
                    module(b, K_PROJ).forward(n, training), module(b, V_PROJ).forward(n, training),
                    sequences, length);
            h = Elementwise.sum(h, module(b, O_PROJ).forward(attended, training));
            INDArray m = b.mlpNorm().forward(h);
            INDArray hidden = b.gelu().forward(module(b, FC1).forward(m, training));
            h = Elementwise.sum(h, module(b, FC2).forward(hidden, training));
        }
        return modules.get(TransformerConfig.HEAD).forward(finalNorm.forward(h), training);
    }

    /**
     * Backpropagates {@code gradOutput} and stops where nothing below is trainable, as autograd does: with LoRA on
     * q and v only, the first block's inputs need no gradient, so its q, k and v products with frozen weights, its
     * layer norm's backward and the embeddings' are skipped.
     */
    @Override
    public void backward(INDArray gradOutput) {
        boolean[] inputGradNeeded = inputGradientsNeeded();
        INDArray g = finalNorm.backward(modules.get(TransformerConfig.HEAD).backward(gradOutput, true));
        for (int i = blocks.size() - 1; i >= 0; i--) {
            Block b = blocks.get(i);
            boolean mlpInput = inputGradNeeded[2 * i + 1];
            boolean attentionInput = inputGradNeeded[2 * i];
            LinearLayer fc1 = module(b, FC1);
            boolean fc1Output = mlpInput || trains(b.mlpNorm()) || trains(fc1);
            INDArray fromFc2 = module(b, FC2).backward(g, fc1Output);
            if (!fc1Output) {
                return;
            }
            boolean normOutput = mlpInput || trains(b.mlpNorm());
            INDArray fromFc1 = fc1.backward(b.gelu().backward(fromFc2), normOutput);
            if (!mlpInput) {
                if (normOutput) {
                    b.mlpNorm().backward(fromFc1); // its own parameters' gradients
                }
                return;
            }
            g = Elementwise.sum(g, b.mlpNorm().backward(fromFc1));
            boolean projectionsOutput = attentionInput || trains(b.attentionNorm());
            boolean attentionOutput = projectionsOutput || trains(module(b, Q_PROJ))
                    || trains(module(b, K_PROJ)) || trains(module(b, V_PROJ));
            INDArray fromO = module(b, O_PROJ).backward(g, attentionOutput);
            if (!attentionOutput) {
                return;
            }
            INDArray[] qkv = b.attention().backward(fromO);
            INDArray gradNorm = null;
            String[] projections = {Q_PROJ, K_PROJ, V_PROJ};
            for (int p = 0; p < 3; p++) {
                INDArray dx = module(b, projections[p]).backward(qkv[p], projectionsOutput);
                gradNorm = gradNorm == null ? dx : Elementwise.addInPlace(gradNorm, dx);
            }
            if (!projectionsOutput) {
                return;
            }
            INDArray fromNorm = b.attentionNorm().backward(gradNorm);
            if (!attentionInput) {
                return;
            }
            g = Elementwise.sum(g, fromNorm);
        }
        tokens.backward(g);
        positions.backward(g);
    }

    /**
     * Per stage, bottom up (block 0's attention, block 0's MLP, block 1's attention, ...): whether the gradient with
     * respect to its input is needed, that is, whether anything below it trains.
     */
    private boolean[] inputGradientsNeeded() {
        boolean[] needed = new boolean[2 * blocks.size()];
        boolean below = trains(tokens) || trains(positions);
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            needed[2 * i] = below;
            below |= trains(b.attentionNorm()) || trains(module(b, Q_PROJ))
                    || trains(module(b, K_PROJ)) || trains(module(b, V_PROJ))
                    || trains(module(b, O_PROJ));
            needed[2 * i + 1] = below;
            below |= trains(b.mlpNorm()) || trains(module(b, FC1)) || trains(module(b, FC2));
        }
        return needed;
    }

    private static boolean trains(Trainable module) {
        return !module.trainableParameters().isEmpty();
    }

    private static boolean trains(LinearLayer module) {
        return !module.trainableParameters().isEmpty();
    }

    private LinearLayer module(Block b, String name) {
        return modules.get(b.prefix() + name);
    }

    @Override
    public List<Parameter> trainableParameters() {
        List<Parameter> all = new ArrayList<>(tokens.trainableParameters());
        all.addAll(positions.trainableParameters());
        for (Block b : blocks) {
            all.addAll(b.attentionNorm().trainableParameters());
            all.addAll(b.mlpNorm().trainableParameters());
        }
        all.addAll(finalNorm.trainableParameters());
        all.addAll(modules.trainableParameters());
        return all;
    }

    /** Every base tensor under Hugging Face style names: embeddings, LayerNorms, then the linear modules. */
    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(TransformerConfig.EMBED_TOKENS + ".weight", tokens.weight().value());
        state.put(TransformerConfig.EMBED_POSITIONS + ".weight", positions.weight().value());
        for (Block b : blocks) {
            state.put(b.prefix() + TransformerConfig.INPUT_NORM + ".weight", b.attentionNorm().weight().value());
            state.put(b.prefix() + TransformerConfig.INPUT_NORM + ".bias", b.attentionNorm().bias().value());
            state.put(b.prefix() + TransformerConfig.POST_ATTENTION_NORM + ".weight", b.mlpNorm().weight().value());
            state.put(b.prefix() + TransformerConfig.POST_ATTENTION_NORM + ".bias", b.mlpNorm().bias().value());
        }
        state.put(TransformerConfig.FINAL_NORM + ".weight", finalNorm.weight().value());
        state.put(TransformerConfig.FINAL_NORM + ".bias", finalNorm.bias().value());
        modules.addState(state);
        return state;
    }

    /** Embeddings, LayerNorms (names as {@link TransformerConfig#savableModuleNames()}), then the linear modules. */
    @Override
    public Map<String, Trainable> savableModules() {
        Map<String, Trainable> out = new LinkedHashMap<>();
        out.put(TransformerConfig.EMBED_TOKENS, tokens);
        out.put(TransformerConfig.EMBED_POSITIONS, positions);
        for (Block b : blocks) {
            out.put(b.prefix() + TransformerConfig.INPUT_NORM, b.attentionNorm());
            out.put(b.prefix() + TransformerConfig.POST_ATTENTION_NORM, b.mlpNorm());
        }
        out.put(TransformerConfig.FINAL_NORM, finalNorm);
        modules.view().forEach((name, layer) -> out.put(name, layer.base()));
        return out;
    }

    /** Freezes or unfreezes every base parameter: embeddings, LayerNorms and linear modules. */
    @Override
    public void setBaseTrainable(boolean trainable) {
        tokens.setTrainable(trainable);
        positions.setTrainable(trainable);
        for (Block b : blocks) {
            b.attentionNorm().setTrainable(trainable);
            b.mlpNorm().setTrainable(trainable);
        }
        finalNorm.setTrainable(trainable);
        modules.setBaseTrainable(trainable);
    }

    @Override
    public Transformer copy() {
        List<Block> copies = blocks.stream().map(b -> b.copy(config.heads())).toList();
        return new Transformer(config, tokens.copy(), positions.copy(), copies, finalNorm.copy(), modules.copy());
    }
}
