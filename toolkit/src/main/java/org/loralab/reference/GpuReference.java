package org.loralab.reference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter.Tensor;
import org.loralab.format.SafetensorsWriter;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraLinear;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Activation;
import org.loralab.nn.Linear;
import org.loralab.nn.LinearLayer;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Parameter;
import org.loralab.train.Adam;
import org.loralab.train.AdamConfig;
import org.loralab.train.Loss;
import org.loralab.train.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the GPU module ({@code loralab-gpu check}) must reproduce, computed by this toolkit's CPU layers in
 * float64 from float32 inputs, written as safetensors (inputs F32, results F64) so that the GPU machine,
 * which has no ND4J, can compare against them, and PyTorch can read them too:
 * <ul>
 *   <li>{@value #LAYER_FILE}: one LoRA linear layer's forward, backward (dx, dA, dB) and merge;</li>
 *   <li>{@value #MLP_FILE}: two Adam steps of a ReLU MLP, full fine-tuning and LoRA on every module: the loss
 *   of each step, the gradients of the first, the parameters after the second.</li>
 * </ul>
 * Inputs are drawn from a fixed seed, so the files are the same on every run.
 */
public final class GpuReference {
    public static final String LAYER_FILE = "lora-linear.safetensors";
    public static final String MLP_FILE = "mlp-steps.safetensors";

    static final int TOKENS = 96;
    static final int IN = 160;
    static final int OUT = 128;
    static final int RANK = 8;
    static final double ALPHA = 16;

    static final int MLP_IN = 48;
    static final List<Integer> MLP_HIDDEN = List.of(64, 40);
    static final int CLASSES = 10;
    static final int MLP_BATCH = 64;
    static final int MLP_RANK = 4;
    static final double LEARNING_RATE = 0.01;
    static final int STEPS = 2;

    private GpuReference() {
    }

    /** Writes both files into {@code folder} (created if missing), each atomically. */
    public static void write(Path folder) {
        writeLayer(folder.resolve(LAYER_FILE));
        writeMlp(folder.resolve(MLP_FILE));
    }

    static void writeLayer(Path file) {
        SplittableRandom rng = new SplittableRandom(8);
        float[] x = uniform(rng, TOKENS * IN, 1);
        float[] w = uniform(rng, OUT * IN, 1 / Math.sqrt(IN));
        float[] bias = uniform(rng, OUT, 1 / Math.sqrt(IN));
        float[] a = uniform(rng, RANK * IN, 1 / Math.sqrt(IN));
        float[] b = uniform(rng, OUT * RANK, 1 / Math.sqrt(RANK)); // not PEFT's zeros: every gradient is exercised
        float[] dy = uniform(rng, TOKENS * OUT, 1);

        LoraLinear layer = new LoraLinear(new Linear(matrix(w, OUT, IN), vector(bias)));
        LoraConfig config = LoraConfig.of(RANK, TargetModules.names("layer")).withAlpha(ALPHA);
        var adapter = layer.addAdapter("default", config, 0);
        adapter.a().value().assign(matrix(a, RANK, IN));
        adapter.b().value().assign(matrix(b, OUT, RANK));
        INDArray y = layer.forward(matrix(x, TOKENS, IN), true).dup();
        INDArray dx = layer.backward(matrix(dy, TOKENS, OUT), true);
        INDArray merged = layer.effectiveWeight();

        List<Tensor> tensors = new ArrayList<>(List.of(
                input("x", x, TOKENS, IN), input("weight", w, OUT, IN), input("bias", bias, OUT),
                input("lora_A", a, RANK, IN), input("lora_B", b, OUT, RANK), input("grad_output", dy, TOKENS, OUT),
                result("output", y), result("grad_input", dx), result("grad_lora_A", adapter.a().grad()),
                result("grad_lora_B", adapter.b().grad()), result("merged_weight", merged)));
        SafetensorsWriter.write(file, tensors, metadata("rank", Integer.toString(RANK), "alpha", Double.toString(ALPHA),
                "scaling", Double.toString(config.scaling()), "made_by", "loralab bench gpu-reference (ND4J, float64)"));
    }

    static void writeMlp(Path file) {
        SplittableRandom rng = new SplittableRandom(9);
        MlpConfig config = new MlpConfig(MLP_IN, MLP_HIDDEN, CLASSES, Activation.RELU);
        Mlp full = Mlp.initialize(config, DataType.DOUBLE, 9);
        List<Tensor> tensors = new ArrayList<>();
        float[] x = uniform(rng, MLP_BATCH * MLP_IN, 1);
        float[] targets = new float[MLP_BATCH * CLASSES];
        for (int i = 0; i < MLP_BATCH; i++) {
            targets[i * CLASSES + rng.nextInt(CLASSES)] = 1;
        }
        tensors.add(input("x", x, MLP_BATCH, MLP_IN));
        tensors.add(input("targets", targets, MLP_BATCH, CLASSES));
        for (Map.Entry<String, LinearLayer> e : full.modules().entrySet()) {
            Linear base = e.getValue().base();
            tensors.add(roundedInput("init." + e.getKey() + ".weight", base.weight().value()));
            tensors.add(roundedInput("init." + e.getKey() + ".bias", base.bias().value()));
        }
        Mlp lora = full.copy();
        LoraConfig loraConfig = LoraConfig.of(MLP_RANK, TargetModules.regex(".*")).withAlpha(2.0 * MLP_RANK);
        for (String name : List.copyOf(lora.modules().keySet())) {
            LoraLinear layer = new LoraLinear(lora.modules().get(name).base());
            var adapter = layer.addAdapter("default", loraConfig, 0);
            int in = layer.inFeatures();
            int out = layer.outFeatures();
            float[] a = uniform(rng, MLP_RANK * in, 1 / Math.sqrt(in));
            float[] b = uniform(rng, out * MLP_RANK, 0.1);
            adapter.a().value().assign(matrix(a, MLP_RANK, in));
            adapter.b().value().assign(matrix(b, out, MLP_RANK));
            tensors.add(input("init." + name + ".lora_A", a, MLP_RANK, in));
            tensors.add(input("init." + name + ".lora_B", b, out, MLP_RANK));
            lora.replace(name, layer);
        }
        INDArray xs = matrix(x, MLP_BATCH, MLP_IN);
        INDArray ts = matrix(targets, MLP_BATCH, CLASSES);
        tensors.addAll(train("full", full, xs, ts, moduleParameters(full, false)));
        tensors.addAll(train("lora", lora, xs, ts, moduleParameters(lora, true)));
        SafetensorsWriter.write(file, tensors, metadata("modules", String.join(",", full.modules().keySet()),
                "rank", Integer.toString(MLP_RANK), "alpha", Double.toString(loraConfig.alpha()),
                "learning_rate", Double.toString(LEARNING_RATE), "steps", Integer.toString(STEPS),
                "made_by", "loralab bench gpu-reference (ND4J, float64)"));
    }

    /** The trainable parameters by the names the GPU module gives them (module.weight, module.lora_A, ...). */
    private static Map<String, Parameter> moduleParameters(Mlp model, boolean lora) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        model.modules().forEach((name, layer) -> {
            if (lora) {
                var adapter = ((LoraLinear) layer).adapter("default");
                named.put(name + ".lora_A", adapter.a());
                named.put(name + ".lora_B", adapter.b());
            } else {
                named.put(name + ".weight", layer.base().weight());
                named.put(name + ".bias", layer.base().bias());
            }
        });
        return named;
    }

    private static List<Tensor> train(String prefix, Mlp model, INDArray x, INDArray targets, Map<String, Parameter> params) {
        Loss loss = new SoftmaxCrossEntropy();
        Adam adam = new Adam(AdamConfig.adam(LEARNING_RATE), model.trainableParameters());
        double[] losses = new double[STEPS];
        List<Tensor> out = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            Loss.ValueAndGradient vg = loss.valueAndGradient(model.forward(x, true), targets);
            model.backward(vg.gradient());
            if (s == 0) { // Adam overwrites the gradients, so they are kept first
                params.forEach((name, p) -> out.add(result(prefix + ".grad." + name, p.grad())));
            }
            adam.step();
            losses[s] = vg.value();
        }
        out.add(Tensor.of(prefix + ".loss", DType.F64, new long[] {STEPS}, losses));
        params.forEach((name, p) -> out.add(result(prefix + "." + name, p.value())));
        return out;
    }

    /** Key-value pairs in a fixed order (Map.of's order changes between runs; the files must not). */
    private static Map<String, String> metadata(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Values uniform in +-scale, drawn as float32 so that both sides start from the same numbers. */
    private static float[] uniform(SplittableRandom rng, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return v;
    }

    private static INDArray matrix(float[] values, int rows, int cols) {
        return vector(values).reshape('c', rows, cols);
    }

    private static INDArray vector(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return Nd4j.createFromArray(d);
    }

    private static Tensor input(String name, float[] values, long... shape) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return Tensor.of(name, DType.F32, shape, d);
    }

    /** A double array rounded to float32 in place (the model then starts from what the file holds) and as an input. */
    private static Tensor roundedInput(String name, INDArray values) {
        values.assign(values.castTo(DataType.FLOAT).castTo(DataType.DOUBLE));
        return Tensor.of(name, DType.F32, values.shape(), values.dup('c').data().asDouble());
    }

    private static Tensor result(String name, INDArray values) {
        return Tensor.of(name, DType.F64, values.shape(), values.dup('c').data().asDouble());
    }
}
