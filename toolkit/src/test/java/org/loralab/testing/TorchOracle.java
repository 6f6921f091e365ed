package org.loralab.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsFile;
import org.loralab.format.SafetensorsWriter;
import org.loralab.nn.MlpConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch as the tests' independent oracle: runs {@code torch_oracle.py} (test resources) with the first Python that
 * imports torch ({@code $LORALAB_PYTHON}, {@code python3}, Debian's {@code /usr/bin/python3}). Inputs and results
 * travel as float64 safetensors files; the case and its parameters in the input's metadata.
 */
public final class TorchOracle {
    private static final String SCRIPT = "torch_oracle.py";
    private static final long TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Optional<String> python;

    private TorchOracle() {
    }

    /** The oracle's interpreter; skips the test, or fails it under {@code CI=true}, when no Python has torch. */
    public static synchronized String requirePython() {
        if (python == null) {
            python = findPython();
        }
        RequiredTool.require(python.isPresent(), "PyTorch (Debian's python3-torch)");
        return python.get();
    }

    /**
     * Runs {@code caseName} on {@code inputs} (written as F64) with {@code params} (as JSON).
     *
     * @return the oracle's results by name, as double arrays of their shapes
     */
    public static Map<String, INDArray> run(String caseName, Map<String, ?> params, Map<String, INDArray> inputs) {
        String interpreter = requirePython();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("loralab-torch");
            Path in = dir.resolve("in.safetensors");
            Path out = dir.resolve("out.safetensors");
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            inputs.forEach((name, value) -> tensors.add(SafetensorsWriter.Tensor.of(name, DType.F64, value.shape(),
                    value.castTo(DataType.DOUBLE).dup('c').data().asDouble())));
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("case", caseName);
            metadata.put("params", JSON.writeValueAsString(params));
            SafetensorsWriter.write(in, tensors, metadata);
            run(dir, interpreter, script(dir).toString(), in.toString(), out.toString());
            Map<String, INDArray> results = new LinkedHashMap<>();
            try (SafetensorsFile file = SafetensorsFile.open(out)) {
                for (String name : file.tensors().keySet()) {
                    long[] shape = file.info(name).shape();
                    results.put(name, Nd4j.create(file.read(name), shape.length == 0 ? new long[] {1} : shape, 'c'));
                }
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            org.loralab.io.TemporaryFolders.deleteQuietly(dir);
        }
    }

    /**
     * max |got - want| / max(max |want|, floor): the error relative to the tensor's scale, so that entries near zero do
     * not inflate it (an elementwise ratio would divide rounding noise by almost nothing). {@code floor} is the scale of
     * the computation for a tensor that is zero in exact arithmetic and holds only rounding noise (0 for none).
     */
    public static double relativeError(INDArray got, INDArray want, double floor) {
        INDArray g = got.castTo(DataType.DOUBLE).reshape(want.length());
        INDArray w = want.castTo(DataType.DOUBLE).reshape(want.length());
        double scale = Math.max(w.amaxNumber().doubleValue(), floor);
        double diff = g.sub(w).amaxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
    }

    /**
     * Asserts that {@code got} agrees with the oracle's {@code want} to {@code tolerance} in
     * {@link #relativeError(INDArray, INDArray, double)}, and prints the error (the figures the verification notes quote).
     *
     * @return the error
     */
    public static double assertClose(String what, INDArray got, INDArray want, double tolerance, double floor) {
        org.assertj.core.api.Assertions.assertThat(got.length()).as(what + ": element count").isEqualTo(want.length());
        double error = relativeError(got, want, floor);
        System.out.printf("torch oracle: %s relative error %.2e%n", what, error);
        org.assertj.core.api.Assertions.assertThat(error).as(what + " against PyTorch").isLessThanOrEqualTo(tolerance);
        return error;
    }

    /** {@link #assertClose(String, INDArray, INDArray, double, double)} for a tensor that is not zero. */
    public static double assertClose(String what, INDArray got, INDArray want, double tolerance) {
        return assertClose(what, got, want, tolerance, 0);
    }

    /** The largest |entry| over {@code tensors}: the floor for gradients that cancel to zero in exact arithmetic. */
    public static double largestEntry(java.util.Collection<INDArray> tensors) {
        return tensors.stream().mapToDouble(t -> t.amaxNumber().doubleValue()).max().orElse(0);
    }

    /** The oracle's inputs for {@code model}: its tensors by PyTorch name, then {@code data} (inputs, targets). */
    public static Map<String, INDArray> modelInputs(org.loralab.nn.Model model, Map<String, INDArray> data) {
        Map<String, INDArray> inputs = new LinkedHashMap<>(NamedParameters.tensors(model));
        inputs.putAll(data);
        return inputs;
    }

    /**
     * LoRA as the test declares it, in PEFT's names (r, lora_alpha, use_rslora, target_modules, modules_to_save): the
     * oracle derives the scaling, the trainable tensors and the adapted modules from these alone. Pass the test's own
     * constants, never values read back from the code under test.
     */
    public static Map<String, Object> lora(int r, double alpha, boolean useRslora, List<String> targetModules,
                                           List<String> modulesToSave) {
        Map<String, Object> lora = new LinkedHashMap<>();
        lora.put("r", r);
        lora.put("alpha", alpha);
        lora.put("use_rslora", useRslora);
        lora.put("target_modules", List.copyOf(targetModules));
        lora.put("modules_to_save", List.copyOf(modulesToSave));
        return lora;
    }

    /**
     * The oracle's description of an MLP from its declared shape: the number of hidden layers (modules
     * {@code layers.0 ..} then {@code head}), the activation, and LoRA as declared ({@link #lora}; null: full
     * fine-tuning, every tensor trains).
     */
    public static Map<String, Object> mlpParams(MlpConfig config, Map<String, Object> lora) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("hidden_layers", config.hiddenSizes().size());
        params.put("activation", config.activation().name());
        if (lora != null) {
            params.put("lora", lora);
        }
        return params;
    }

    /**
     * Asserts that the oracle trained exactly the tensors the model trains: its {@code grad.<name>} (or
     * {@code final.<name>}) outputs name the same set. A tensor frozen or freed by mistake shows here.
     */
    public static void assertSameTrainable(String what, Map<String, INDArray> torch, Collection<String> trainable,
                                           String prefix) {
        org.assertj.core.api.Assertions.assertThat(torch.keySet().stream().filter(k -> k.startsWith(prefix))
                        .map(k -> k.substring(prefix.length())).sorted().toList())
                .as(what + ": the tensors that train, by the declared settings").isEqualTo(trainable.stream().sorted().toList());
    }

    /** The adam_steps case's optimizer: torch.optim.Adam's defaults (no weight decay, constant rate) at {@code lr}. */
    public static Map<String, Object> plainAdam(int steps, double lr) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("steps", steps);
        params.put("lr", lr);
        params.put("beta1", 0.9);
        params.put("beta2", 0.999);
        params.put("eps", 1e-8);
        params.put("weight_decay", 0.0);
        params.put("decoupled", false);
        params.put("cosine", false);
        return params;
    }

    /** (rows, classes) one-hot rows of random classes: targets for the classification cases. */
    public static INDArray oneHot(SplittableRandom rng, int rows, int classes) {
        INDArray t = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            t.putScalar(i, rng.nextInt(classes), 1.0);
        }
        return t;
    }

    private static Optional<String> findPython() {
        for (String candidate : org.loralab.reference.Numpy.interpreters()) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("loralab-torch");
                run(dir, candidate, script(dir).toString(), "info");
                return Optional.of(candidate);
            } catch (IOException | RuntimeException e) {
                // not this one: no such interpreter, or no torch
            } finally {
                org.loralab.io.TemporaryFolders.deleteQuietly(dir);
            }
        }
        return Optional.empty();
    }

    private static Path script(Path dir) throws IOException {
        Path script = dir.resolve(SCRIPT);
        try (InputStream in = TorchOracle.class.getResourceAsStream(SCRIPT)) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /** Runs a command with its output in a file, so that waitFor's timeout holds even when it prints a lot. */
    private static void run(Path dir, String... args) throws IOException {
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " took over " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited with " + p.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
