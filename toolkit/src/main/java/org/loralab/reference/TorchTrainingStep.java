package org.loralab.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loralab.data.Dataset;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.loralab.format.SafetensorsWriter.Tensor;
import org.loralab.lora.LoraLinear;
import org.loralab.nn.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PyTorch as the speed reference of a training step: the embedded {@code torch_training_step.py}, run by the first
 * Python that imports torch (the interpreters of {@link Numpy#interpreters}), builds the same model from the same
 * initial weights, LoRA factors and batch, and times Adam steps on command, in a process kept open so that its
 * timings alternate with LoRA Lab's.
 *
 * @param python  the interpreter
 * @param version torch's version
 */
public record TorchTrainingStep(String python, String version) {
    private static final String SCRIPT = "torch_training_step.py";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first Python with torch, or empty when there is none. */
    public static Optional<TorchTrainingStep> find() {
        for (String python : Numpy.interpreters()) {
            try {
                Path script = script();
                try {
                    org.loralab.io.Processes.Result r = org.loralab.io.Processes.run(List.of(python, script.toString(),
                            "info"), java.time.Duration.ofSeconds(60));
                    String out = r.out().trim();
                    if (r.ok() && !out.isEmpty()) {
                        return Optional.of(new TorchTrainingStep(python, "torch " + JSON.readTree(out).get("torch").asText()));
                    }
                } finally {
                    Files.deleteIfExists(script);
                }
            } catch (IOException e) {
                // not this one: no such interpreter, or it hung
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the script on the models' state: {@code full}'s weights, the LoRA factors of {@code lora}'s adapted
     * modules, and {@code batch}.
     *
     * @param description the model for the script: "kind" ("transformer" with vocab, context, width, layers, heads,
     *                    hidden; or "mlp" with dim), "scaling" of the adapters and "lr"
     * @param threads     torch's intra-op threads
     */
    public Session start(Model full, Model lora, Dataset batch, Map<String, Object> description, int threads) {
        Path weights = null;
        Path script = null;
        try {
            weights = Files.createTempFile("loralab-torch-bench", ".safetensors");
            script = script();
            List<Tensor> tensors = new ArrayList<>();
            full.state().forEach((name, value) -> tensors.add(tensor(name, value)));
            List<String> targets = new ArrayList<>();
            lora.modules().forEach((name, module) -> {
                if (module instanceof LoraLinear l) {
                    String adapter = l.activeAdapter();
                    targets.add(name);
                    tensors.add(tensor(name + ".lora_A.weight", l.adapter(adapter).a().value()));
                    tensors.add(tensor(name + ".lora_B.weight", l.adapter(adapter).b().value()));
                }
            });
            tensors.add(tensor("inputs", batch.inputs()));
            tensors.add(tensor("targets", batch.targets()));
            Map<String, Object> meta = new java.util.LinkedHashMap<>(description);
            meta.put("targets", targets);
            SafetensorsWriter.write(weights, tensors, Map.of("bench", JSON.writeValueAsString(meta)));
            Process process = new ProcessBuilder(python, script.toString(), weights.toString(), Integer.toString(threads))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Session session = new Session(process, weights, script, REPLY_LIMIT);
            session.readLine(); // the script is ready once it has built both models
            return session;
        } catch (IOException e) {
            deleteQuietly(weights);
            deleteQuietly(script);
            throw new UncheckedIOException(e);
        }
    }

    private static Tensor tensor(String name, INDArray value) {
        return Tensor.of(name, DType.F32, value.shape(), value.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    private static Path script() throws IOException {
        Path script = Files.createTempFile("loralab-", "-" + SCRIPT);
        try (InputStream in = TorchTrainingStep.class.getResourceAsStream(SCRIPT)) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }

    /** Timed steps of one method: milliseconds per step and the losses of the first and the last of them. */
    public record Steps(double[] millis, double firstLoss, double lastLoss) {
    }

    /** The longest the script may take to answer one command (building the models, or a run of timed steps). */
    static final java.time.Duration REPLY_LIMIT = java.time.Duration.ofMinutes(10);

    /** The running script; closing it ends the process and deletes its files. */
    public static final class Session implements AutoCloseable {
        private final Process process;
        private final Path weights;
        private final Path script;
        private final java.time.Duration replyLimit;
        private final PrintWriter commands;
        private final BufferedReader replies;

        Session(Process process, Path weights, Path script, java.time.Duration replyLimit) {
            this.process = process;
            this.weights = weights;
            this.script = script;
            this.replyLimit = replyLimit;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Runs {@code count} Adam steps of the "full" or "lora" model. */
        public Steps run(String method, int count) {
            commands.println(method + " " + count);
            JsonNode reply = readLine();
            double[] millis = new double[count];
            for (int i = 0; i < count; i++) {
                millis[i] = reply.get("millis").get(i).asDouble();
            }
            return new Steps(millis, reply.get("first").asDouble(), reply.get("last").asDouble());
        }

        JsonNode readLine() {
            try (org.loralab.io.Processes.Watchdog watchdog = org.loralab.io.Processes.watch(process, replyLimit)) {
                String line = replies.readLine();
                if (line == null && watchdog.fired()) {
                    throw new IllegalStateException(SCRIPT + " did not answer within " + replyLimit.toSeconds()
                            + " s; stopped");
                }
                if (line == null) {
                    throw new IllegalStateException(SCRIPT + " ended early (exit code "
                            + (process.isAlive() ? "none yet" : process.exitValue()) + "); its errors are above");
                }
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            commands.println("quit");
            commands.close();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    org.loralab.io.Processes.destroyTree(process);
                }
            } catch (InterruptedException e) {
                org.loralab.io.Processes.destroyTree(process);
                Thread.currentThread().interrupt();
            }
            deleteQuietly(weights);
            deleteQuietly(script);
        }
    }
}
