package org.loralab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraAlpha;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.lora.TargetModules;
import org.loralab.results.CodeVersion;
import org.loralab.results.JobResult;
import org.loralab.results.TrialResult;
import org.loralab.results.TrialStatus;
import org.loralab.spectrum.SpectrumMetrics;
import org.loralab.spectrum.UpdateSpectrum;

class JobStoreTest {
    private static final LoraVariant VARIANT = new LoraVariant("alpha=r", TargetModules.names("fc1"), LoraAlpha.RANK);

    @Test
    void storedResultsComeBackExactlyIncludingNaNAndMissingValues(@TempDir Path dir) {
        Job job = Job.full(3);
        double[] sigma = {0.1 + 0.2, 1e-300, 0};
        JobResult result = new JobResult(job, List.of(
                new TrialResult(Method.BASE, "", 0, 3, Double.NaN, 0, 0, 0.5, -1.0 / 3, 1.0 / 3, -1.0 / 3, true, TrialStatus.OK),
                new TrialResult(Method.FULL, "", 0, 3, Double.NaN, 99, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, true, TrialStatus.DIVERGED)),
                List.of(new UpdateSpectrum("seed=3/head", 4, 3, sigma, SpectrumMetrics.of(sigma, 4, 3), OptionalDouble.of(0.7)),
                        new UpdateSpectrum("planted/x", 4, 3, sigma, SpectrumMetrics.of(sigma, 4, 3), OptionalDouble.empty())),
                1.5);
        JobStore store = new JobStore(dir.resolve(".jobs"), "abc", SpectrumMetrics.DOUBLE_EPSILON);
        store.save(result);
        JobResult back = store.load(job).orElseThrow();
        assertThat(back.trials()).isEqualTo(result.trials());
        assertThat(back.spectra().get(0).sigma()).containsExactly(sigma);
        assertThat(back.spectra().get(0).metrics()).isEqualTo(result.spectra().get(0).metrics());
        assertThat(back.spectra().get(0).relativeUpdate()).hasValue(0.7);
        assertThat(back.spectra().get(1).relativeUpdate()).isEmpty();
        assertThat(store.load(Job.lora(VARIANT, 2, 3))).isEmpty();
    }

    /** Each job keeps the code that computed it; a file of an older store has none and still loads. */
    @Test
    void theCodeThatComputedAJobComesBackAndOlderFilesHaveNone(@TempDir Path dir) throws IOException {
        JobStore store = new JobStore(dir.resolve(".jobs"), "abc", 1e-16);
        Job computedHere = Job.full(1);
        store.save(new JobResult(computedHere, List.of(), List.of(), 2.0));
        Job computedElsewhere = Job.full(2);
        store.save(new JobResult(computedElsewhere, List.of(), List.of(), 2.0, null, "0123abc build 42"));
        assertThat(store.load(computedHere).orElseThrow().computedBy()).isEqualTo(CodeVersion.current())
                .endsWith(" build " + org.loralab.ToolkitBuild.id());
        assertThat(store.load(computedElsewhere).orElseThrow().computedBy()).isEqualTo("0123abc build 42");
        Files.writeString(dir.resolve(".jobs").resolve(Job.full(3).id() + ".json"),
                "{\"fingerprint\": \"abc\", \"job\": \"full-seed3\", \"trials\": [], \"spectra\": [], \"seconds\": 1.0}");
        JobResult old = store.load(Job.full(3)).orElseThrow();
        assertThat(old.computedBy()).isNull();
        assertThat(old.seconds()).isEqualTo(1.0);
    }

    @Test
    void otherSpecsAndDamagedFilesAreRefused(@TempDir Path dir) throws IOException {
        Job job = Job.lora(VARIANT, 2, 1);
        new JobStore(dir.resolve(".jobs"), "spec-a", 1e-16).save(new JobResult(job, List.of(), List.of(), 0));
        assertThatThrownBy(() -> new JobStore(dir.resolve(".jobs"), "spec-b", 1e-16).load(job))
                .isInstanceOf(BadInputException.class).hasMessageContaining("different spec");
        Files.writeString(dir.resolve(".jobs").resolve(job.id() + ".json"), "{\"fingerprint\": ");
        assertThatThrownBy(() -> new JobStore(dir.resolve(".jobs"), "spec-a", 1e-16).load(job))
                .isInstanceOf(BadInputException.class).hasMessageContaining("unreadable stored result");
    }
}
