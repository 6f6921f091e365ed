package org.loralab.gpu.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.loralab.gpu.nn.Adam;
import org.loralab.gpu.nn.Layer;
import org.loralab.gpu.nn.Linear;
import org.loralab.gpu.nn.LoraLinear;
import org.loralab.gpu.nn.Mlp;
import org.loralab.gpu.nn.Parameter;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;
import org.loralab.gpu.tensor.Precision;

/**
 * Runs the LoRA layer and the MLP training steps of the reference files on a backend and compares every
 * output and gradient with the toolkit's float64 results.
 *
 * <p>Tolerances (norm-wise relative): FP32 1e-5 (float32 rounding, 6e-8 per operation, grows with the
 * length of the sums, here at most 160); TF32 and BF16 from their unit roundoff (2^-11 and 2^-8) times a
 * factor for the depth of the computation: the CPU backend's emulation of both roundings stays within a
 * third of them (see the tests), leaving the rest for the GPU's own summation order.
 * The weights after the Adam steps are compared in FP32 only (see {@link #mlp}).
 */
final class ReferenceCheck {
    static final String LAYER = "lora_linear";
    static final String MLP_FULL = "mlp_full_ft_2_adam_steps";
    static final String MLP_LORA = "mlp_lora_2_adam_steps";

    private ReferenceCheck() {
    }

    /** For one layer: a few roundings of each value, sums of up to 160 terms. */
    static double layerTolerance(Precision p) {
        return switch (p) {
            case FP32 -> 1e-5;
            case TF32 -> 2e-3;
            case BF16 -> 2e-2;
        };
    }

    /**
     * For the MLP: gradients pass three layers down, a ReLU mask can flip where a pre-activation is within
     * rounding of zero, and each batch gradient is a sum of 64 examples' terms that largely cancel; so the
     * first layer's gradient carries 15 times the error of one layer (emulated: 6.5e-3 in TF32, 5.8e-2 in BF16).
     */
    static double mlpTolerance(Precision p) {
        return switch (p) {
            case FP32 -> 1e-5;
            case TF32 -> 2.5e-2;
            case BF16 -> 2e-1;
        };
    }

    /** Every comparison of both reference files in {@code precision}. */
    static List<Comparison> run(Path referenceFolder, Function<Precision, Backend> backends, Precision precision) {
        ReferenceFile layerFile = ReferenceFile.read(referenceFolder.resolve("lora-linear.safetensors"));
        ReferenceFile mlpFile = ReferenceFile.read(referenceFolder.resolve("mlp-steps.safetensors"));
        List<Comparison> out = new ArrayList<>();
        try (Backend backend = backends.apply(precision)) {
            out.addAll(withFloor(LAYER, layer(layerFile, backend), precision));
            out.addAll(withFloor(MLP_FULL, mlp(mlpFile, backend, false), precision));
            out.addAll(withFloor(MLP_LORA, mlp(mlpFile, backend, true), precision));
        }
        return out;
    }

    /**
     * The smallest largest-error a check must show in a reduced precision: the H200 showed at least 4.3e-3 (BF16) and
     * 4.1e-4 (TF32) per check, FP32 at most 2.3e-7; the floors sit 4 to 8 times below the first and over 200 times
     * above the second. None in FP32.
     */
    static double errorFloor(Precision p) {
        return switch (p) {
            case FP32 -> 0;
            case TF32 -> 5e-5;
            case BF16 -> 1e-3;
        };
    }

    private static List<Comparison> withFloor(String check, List<Comparison> results, Precision precision) {
        if (precision == Precision.FP32) {
            return results;
        }
        List<Comparison> out = new ArrayList<>(results);
        out.add(Comparison.floor(check, precision.toString(), results, errorFloor(precision)));
        return out;
    }

    static List<Comparison> layer(ReferenceFile f, Backend backend) {
        int[] w = f.shape("weight");
        int rank = Integer.parseInt(f.metadata("rank"));
        float scaling = Float.parseFloat(f.metadata("scaling"));
        double tol = layerTolerance(backend.precision());
        String p = backend.precision().toString();
        List<Comparison> out = new ArrayList<>();
        Linear base = new Linear(backend, "layer", f.floats("weight"), f.floats("bias"), w[0], w[1]);
        try (LoraLinear layer = new LoraLinear(base, f.floats("lora_A"), f.floats("lora_B"), rank, scaling);
             Matrix x = upload(backend, f, "x");
             Matrix dy = upload(backend, f, "grad_output")) {
            out.add(Comparison.of(LAYER, "output", p, backend.download(layer.forward(x)), f.values("output"), tol));
            Matrix dx = layer.backward(dy, true);
            out.add(Comparison.of(LAYER, "grad_input", p, backend.download(dx), f.values("grad_input"), tol));
            List<Parameter> params = layer.trainableParameters();
            out.add(Comparison.of(LAYER, "grad_lora_A", p, backend.download(params.get(0).grad()), f.values("grad_lora_A"), tol));
            out.add(Comparison.of(LAYER, "grad_lora_B", p, backend.download(params.get(1).grad()), f.values("grad_lora_B"), tol));
            out.add(Comparison.of(LAYER, "effective_weight", p, layer.effectiveWeight(), f.values("merged_weight"), tol));
            layer.merge();
            out.add(Comparison.of(LAYER, "merged_output", p, backend.download(layer.forward(x)), f.values("output"), tol));
        }
        return out;
    }

    static List<Comparison> mlp(ReferenceFile f, Backend backend, boolean lora) {
        String prefix = lora ? "lora" : "full";
        String check = lora ? MLP_LORA : MLP_FULL;
        String p = backend.precision().toString();
        double tol = mlpTolerance(backend.precision());
        int rank = Integer.parseInt(f.metadata("rank"));
        float alpha = Float.parseFloat(f.metadata("alpha"));
        float lr = Float.parseFloat(f.metadata("learning_rate"));
        int steps = Integer.parseInt(f.metadata("steps"));
        List<Layer> layers = new ArrayList<>();
        for (String module : f.metadata("modules").split(",")) {
            int[] shape = f.shape("init." + module + ".weight");
            Linear linear = new Linear(backend, module, f.floats("init." + module + ".weight"),
                    f.floats("init." + module + ".bias"), shape[0], shape[1]);
            layers.add(lora ? new LoraLinear(linear, f.floats("init." + module + ".lora_A"),
                    f.floats("init." + module + ".lora_B"), rank, alpha / rank) : linear);
        }
        List<Comparison> out = new ArrayList<>();
        try (Mlp model = new Mlp(backend, layers);
             Adam adam = new Adam(backend, model.trainableParameters(), lr);
             Matrix x = upload(backend, f, "x");
             Matrix targets = upload(backend, f, "targets")) {
            float[] losses = new float[steps];
            for (int s = 0; s < steps; s++) {
                losses[s] = (float) model.lossAndGradients(x, targets);
                if (s == 0) {
                    for (Parameter param : model.trainableParameters()) {
                        out.add(Comparison.of(check, "grad " + param.name(), p, backend.download(param.grad()),
                                f.values(prefix + ".grad." + param.name()), tol));
                    }
                }
                adam.step();
            }
            out.add(Comparison.of(check, "loss", p, losses, f.values(prefix + ".loss"), tol));
            if (backend.precision() == Precision.FP32) {
                // Adam moves each weight by about lr sign(g) at first, so where a gradient is below TF32's or
                // bfloat16's rounding noise the step may go either way: weights are compared in FP32 only
                for (Parameter param : model.trainableParameters()) {
                    out.add(Comparison.of(check, param.name(), p, backend.download(param.value()),
                            f.values(prefix + "." + param.name()), tol));
                }
            }
        }
        return out;
    }

    private static Matrix upload(Backend backend, ReferenceFile f, String name) {
        int[] s = f.shape(name);
        return backend.upload(f.floats(name), s[0], s.length > 1 ? s[1] : 1);
    }
}
