package org.loralab.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loralab.BadInputException;

/**
 * What each task asks Slurm for, as sbatch options; empty means the cluster's default.
 *
 * @param partition {@code --partition}
 * @param time {@code --time}, in any of Slurm's forms
 * @param cpusPerTask {@code --cpus-per-task}; also the threads each task's JVM uses
 * @param memory {@code --mem}, Slurm's syntax (a whole number, unit M unless K, M, G or T follows); also the task's
 *     JVM memory bounds
 * @param extraArguments further sbatch options, each written as one {@code #SBATCH} line
 */
public record SlurmResources(Optional<String> partition, Optional<String> time, Optional<Integer> cpusPerTask,
                             Optional<String> memory, List<String> extraArguments) {
    private static final Pattern MEMORY = Pattern.compile("(\\d+)([KMGT]?)", Pattern.CASE_INSENSITIVE);
    /** Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS (sbatch(1), --time). */
    private static final Pattern TIME = Pattern.compile("\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}"
            + "|\\d+-\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}:\\d{1,2}:\\d{1,2}");
    /** A partition name: no spaces, commas only between names (Slurm accepts a list). */
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*");

    public SlurmResources {
        extraArguments = List.copyOf(extraArguments);
        cpusPerTask.ifPresent(c -> {
            if (c < 1) {
                throw new BadInputException("--cpus-per-task must be >= 1, got " + c);
            }
        });
        memory.ifPresent(SlurmResources::mebibytes);
        time.ifPresent(t -> {
            if (!TIME.matcher(t).matches() && !t.equalsIgnoreCase("UNLIMITED") && !t.equalsIgnoreCase("INFINITE")) {
                throw new BadInputException("--time must be one of Slurm's forms: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, "
                        + "D-HH:MM:SS or UNLIMITED; got '" + t + "'");
            }
        });
        partition.ifPresent(p -> {
            if (!PARTITION.matcher(p).matches()) {
                throw new BadInputException("--partition must be a partition name (letters, digits, '_', '.', '-'; a "
                        + "comma-separated list for several), got '" + p + "'");
            }
        });
        for (String a : extraArguments) {
            if (!a.startsWith("-") || a.contains("\n") || a.contains("\r")) {
                throw new BadInputException("--sbatch-arg must be one sbatch option on one line, starting with '-', got '"
                        + a + "'");
            }
        }
    }

    /** No requests: the cluster's defaults. */
    public static SlurmResources defaults() {
        return new SlurmResources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** The {@code #SBATCH} lines of these requests. */
    List<String> directives() {
        List<String> lines = new ArrayList<>();
        partition.ifPresent(p -> lines.add("--partition=" + p));
        time.ifPresent(t -> lines.add("--time=" + t));
        cpusPerTask.ifPresent(c -> lines.add("--cpus-per-task=" + c));
        memory.ifPresent(m -> lines.add("--mem=" + m));
        lines.addAll(extraArguments);
        return lines;
    }

    /** Slurm's {@code --mem} in MiB; {@code 0} (Slurm: all of the node's memory) is 0. */
    static long mebibytes(String memory) {
        Matcher m = MEMORY.matcher(memory.trim());
        if (!m.matches()) {
            throw new BadInputException("--mem: '" + memory + "' is not a Slurm memory size (e.g. 8G, 8192, 8192M)");
        }
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new BadInputException("--mem: '" + memory + "' is too large");
        }
        return switch (m.group(2).toUpperCase()) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            case "T" -> value * 1024 * 1024;
            default -> value;
        };
    }
}
