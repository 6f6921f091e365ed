package org.loralab.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.loralab.bench.TrainingStepBenchmark;
import org.loralab.testing.RequiredTool;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The PyTorch side of the step benchmarks runs the same computation: same initial weights, LoRA factors, batch,
 * loss and Adam, so the losses of the first step and of the last (after every warm-up and timed step) agree to float32
 * precision (relative 1e-5: two float32 implementations of the same sums; a different model, placement or optimizer
 * is off in the second or third digit).
 */
class TorchTrainingStepTest {

    private static TorchTrainingStep torch() {
        Optional<TorchTrainingStep> torch = TorchTrainingStep.find();
        RequiredTool.require(torch.isPresent(), "PyTorch (Debian's python3-torch)");
        return torch.get();
    }

    private static void assertSameLosses(TrainingStepBenchmark.Result r) {
        TrainingStepBenchmark.TorchResult t = r.torch().orElseThrow();
        for (double[] pair : new double[][] {{r.fullLosses().first(), t.fullLosses().first()},
                {r.fullLosses().last(), t.fullLosses().last()}, {r.loraLosses().first(), t.loraLosses().first()},
                {r.loraLosses().last(), t.loraLosses().last()}}) {
            assertThat(pair[0]).isCloseTo(pair[1], org.assertj.core.data.Percentage.withPercentage(1e-3));
        }
        assertThat(r.fullLosses().last()).isNotEqualTo(r.fullLosses().first()); // the steps did train
        assertThat(r.loraLosses().last()).isNotEqualTo(r.fullLosses().last());  // and LoRA trained differently
        assertThat(t.fullMillis()).isPositive();
        assertThat(t.loraMillis()).isPositive();
    }

    @Test
    void transformerStepsMatchPyTorch() {
        var settings = new TrainingStepBenchmark.TransformerSettings(12, 8, 16, 2, 2, 4, 2, List.of("q_proj", "v_proj",
                "fc1"), 2, 4);
        assertSameLosses(TrainingStepBenchmark.run(settings, Optional.of(torch())));
    }

    @Test
    void mlpStepsMatchPyTorch() {
        var settings = new TrainingStepBenchmark.Settings(24, 16, 3, 2, 4, DataType.FLOAT);
        assertSameLosses(TrainingStepBenchmark.run(settings, Optional.of(torch())));
    }

    /** A script that never answers: the read ends at the reply limit with a clear message, the process stopped. */
    @Test
    void aScriptThatNeverAnswersIsStoppedAtTheReplyLimit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Process p = new ProcessBuilder("sh", "-c", "sleep 1000").start();
        TorchTrainingStep.Session session = new TorchTrainingStep.Session(p, java.nio.file.Files.createFile(
                dir.resolve("w")), java.nio.file.Files.createFile(dir.resolve("s")), java.time.Duration.ofMillis(1500));
        long start = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(session::readLine).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not answer within 1 s; stopped");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("a silent PyTorch script gave up after %.2f s (limit 1.5 s)%n", seconds);
        assertThat(seconds).isBetween(1.4, 15.0);
        assertThat(p.isAlive()).isFalse();
        session.close();
    }
}
