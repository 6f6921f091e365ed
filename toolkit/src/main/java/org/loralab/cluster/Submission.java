package org.loralab.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.loralab.BadInputException;
import org.loralab.io.AtomicFiles;

/**
 * The Slurm jobs of one sweep, kept in {@code <out>/.slurm/submission.json} so that {@code status} and
 * {@code resubmit} can find them: the job arrays in the order they were submitted (a resubmission adds one with
 * the shards it reruns) and the latest merge job.
 *
 * @param experiment the spec's name
 * @param shardCount N, the shards of the sweep
 * @param arrays every job array submitted, oldest first
 * @param mergeJob the latest merge job
 * @param submittedAt when the latest merge job was submitted (epoch milliseconds): a report older than that is not
 *     its output
 */
public record Submission(String experiment, int shardCount, List<ArrayJob> arrays, String mergeJob, long submittedAt) {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * @param jobId the array's job id
     * @param shards the shards (array task indices) it runs
     */
    public record ArrayJob(String jobId, List<Integer> shards) {
        public ArrayJob {
            shards = List.copyOf(shards);
        }
    }

    public Submission {
        arrays = List.copyOf(arrays);
    }

    /** The job that ran {@code shard} last ({@code 12_3}), if any did. */
    public Optional<String> taskOf(int shard) {
        for (int i = arrays.size() - 1; i >= 0; i--) {
            if (arrays.get(i).shards().contains(shard)) {
                return Optional.of(arrays.get(i).jobId() + "_" + shard);
            }
        }
        return Optional.empty();
    }

    /** This submission after a resubmission: {@code array} (when some shards ran again) and a new merge job. */
    public Submission resubmitted(Optional<ArrayJob> array, String merge, long at) {
        List<ArrayJob> all = new ArrayList<>(arrays);
        array.ifPresent(all::add);
        return new Submission(experiment, shardCount, all, merge, at);
    }

    public void write(Path file) {
        AtomicFiles.write(file, tmp -> JSON.writeValue(tmp.toFile(), this));
    }

    /** The submission kept in {@code layout}; a clear error when the folder holds none. */
    public static Submission read(SlurmLayout layout) {
        Path file = layout.submission();
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(layout.out() + ": no Slurm submission here (no .slurm/submission.json; "
                    + "submit with loralab slurm submit SPEC --array N --out " + layout.out() + ")");
        }
        try {
            return JSON.readValue(file.toFile(), Submission.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
