package org.loralab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.loralab.checkpoint.CheckpointAnalysis;
import org.loralab.checkpoint.SyntheticCheckpoints;
import org.loralab.format.Checkpoint;
import org.loralab.spectrum.SpectrumMetrics;

/**
 * {@code loralab spectrum} at the scale of a real checkpoint: a {@link org.loralab.checkpoint.SyntheticCheckpoints}
 * pair analysed with a top-k spectrum of every matrix, and the full spectrum of the first blocks.
 */
public final class CheckpointScaleBenchmark {
    private CheckpointScaleBenchmark() {
    }

    /** One timed analysis. */
    public record Timed(CheckpointAnalysis.Result result, double seconds) {
        /** Matrices analysed per minute. */
        public double perMinute() {
            return 60 * result.spectra().size() / seconds;
        }

        /** Matrices whose energy_rank_99 is known and at most {@code rank}. */
        public long atMostRank(int rank) {
            return result.spectra().stream().filter(s -> s.metrics().energyRank99() != SpectrumMetrics.UNKNOWN
                    && s.metrics().energyRank99() <= rank).count();
        }
    }

    /**
     * Writes {@code pair} to {@code dir} ({@code base/} and {@code tuned/}) unless a previous run did: the pair is kept
     * and reused, since a 1B-parameter pair takes minutes to write.
     *
     * @return the seconds writing took, or empty when the pair was there
     */
    public static OptionalDouble ensurePair(SyntheticCheckpoints pair, Path dir, Consumer<String> progress) {
        if (Files.isDirectory(dir.resolve("tuned"))) {
            return OptionalDouble.empty();
        }
        long start = System.nanoTime();
        pair.write(dir, progress);
        return OptionalDouble.of((System.nanoTime() - start) / 1e9);
    }

    /** The top-{@code k} spectrum of every matrix of the pair in {@code dir} ({@code base/} and {@code tuned/}). */
    public static Timed topK(Path dir, int k, CheckpointAnalysis.Listener listener) {
        return analyse(dir, new CheckpointAnalysis.Options(null, OptionalInt.of(k), false, false), listener);
    }

    /** The full spectrum of every matrix in the first {@code blocks} blocks. */
    public static Timed fullSpectrum(Path dir, int blocks, CheckpointAnalysis.Listener listener) {
        Pattern first = Pattern.compile("^model\\.layers\\.(" + IntStream.range(0, blocks).mapToObj(String::valueOf)
                .collect(Collectors.joining("|")) + ")\\.");
        return analyse(dir, new CheckpointAnalysis.Options(first, OptionalInt.empty(), false, false), listener);
    }

    private static Timed analyse(Path dir, CheckpointAnalysis.Options options, CheckpointAnalysis.Listener listener) {
        long start = System.nanoTime();
        try (Checkpoint b = Checkpoint.open(dir.resolve("base"));
             Checkpoint t = Checkpoint.open(dir.resolve("tuned"))) {
            CheckpointAnalysis.Result r = CheckpointAnalysis.pair(b, t, options, listener);
            return new Timed(r, (System.nanoTime() - start) / 1e9);
        }
    }
}
