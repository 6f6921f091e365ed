package org.loralab.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loralab.BadInputException;
import org.loralab.io.Processes;

/**
 * Slurm's client commands, run as processes: {@code sbatch} submits, {@code scancel} cancels, {@code scontrol} (while
 * the controller remembers a job) and {@code sacct} (afterwards, where the cluster keeps accounting) tell states.
 */
public final class Slurm {
    private static final Pattern JOB_ID = Pattern.compile("(?:^|\\s)JobId=(\\d+)");
    private static final Pattern ARRAY_JOB_ID = Pattern.compile("(?:^|\\s)ArrayJobId=(\\d+)");
    private static final Pattern ARRAY_TASK_ID = Pattern.compile("(?:^|\\s)ArrayTaskId=(\\S+)");
    private static final Pattern JOB_STATE = Pattern.compile("(?:^|\\s)JobState=(\\S+)");
    private static final Pattern REASON = Pattern.compile("(?:^|\\s)Reason=(\\S+)");

    private final Path binDir;
    private final Duration answerLimit;

    /** Slurm's commands from the PATH, each given two minutes to answer. */
    public Slurm() {
        this(null, Duration.ofMinutes(2));
    }

    /**
     * @param binDir      the folder of Slurm's commands; null: the PATH
     * @param answerLimit the longest one command may take; then it is stopped
     */
    Slurm(Path binDir, Duration answerLimit) {
        this.binDir = binDir;
        this.answerLimit = answerLimit;
    }

    /** Whether {@code sbatch} is on the PATH. */
    public static boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "sbatch"))) {
                return true;
            }
        }
        return false;
    }

    /** Submits {@code script} with {@code sbatch --parsable} and the extra options; returns the job id. */
    public String submit(Path script, List<String> options) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(options);
        command.add(script.toString());
        Result r = exec(command);
        if (r.status() != 0) {
            throw new BadInputException("sbatch refused " + script + ": " + firstLine(r.err()));
        }
        String id = r.out().strip().split(";", 2)[0]; // --parsable prints "id" or "id;cluster"
        if (!id.matches("\\d+")) {
            throw new IllegalStateException("sbatch printed '" + r.out().strip() + "', not a job id");
        }
        return id;
    }

    /** Cancels a job, or an array task ({@code 12_3}). */
    public void cancel(String jobId) {
        Result r = exec(List.of("scancel", jobId));
        if (r.status() != 0) {
            throw new IllegalStateException("scancel " + jobId + " failed: " + firstLine(r.err()));
        }
    }

    /**
     * The states of a job or of every task of an array job; empty when Slurm no longer knows it (the controller
     * forgets ended jobs after {@code MinJobAge}, and a cluster without accounting keeps no history).
     */
    public List<TaskState> states(String jobId) {
        Result r = exec(List.of("scontrol", "-o", "show", "job", jobId));
        if (r.status() == 0) {
            return parseScontrol(r.out());
        }
        Result history = exec(List.of("sacct", "-n", "-P", "-X", "-j", jobId, "-o", "JobID,State,Reason"));
        return history.status() == 0 ? parseSacct(history.out()) : List.of();
    }

    /** Parses {@code scontrol -o show job}: one line per job, or per array task (a pending range in one line). */
    static List<TaskState> parseScontrol(String text) {
        List<TaskState> states = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            String state = field(JOB_STATE, line);
            String reason = field(REASON, line);
            String arrayJob = field(ARRAY_JOB_ID, line);
            String tasks = field(ARRAY_TASK_ID, line);
            if (arrayJob.isEmpty() || tasks.isEmpty()) {
                states.add(new TaskState(field(JOB_ID, line), -1, state, reason));
            } else {
                for (int task : taskIndices(tasks)) {
                    states.add(new TaskState(arrayJob + "_" + task, task, state, reason));
                }
            }
        }
        return states;
    }

    /** Parses {@code sacct -n -P -X -o JobID,State,Reason}: {@code 12_0|COMPLETED|None}, {@code 12_[1-3]|PENDING|...}. */
    static List<TaskState> parseSacct(String text) {
        List<TaskState> states = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.split("\\|", -1);
            String state = f.length > 1 ? f[1].split(" ", 2)[0] : ""; // "CANCELLED by 0"
            String reason = f.length > 2 ? f[2] : "";
            int underscore = f[0].indexOf('_');
            if (underscore < 0) {
                states.add(new TaskState(f[0], -1, state, reason));
            } else {
                String job = f[0].substring(0, underscore);
                for (int task : taskIndices(f[0].substring(underscore + 1).replace("[", "").replace("]", ""))) {
                    states.add(new TaskState(job + "_" + task, task, state, reason));
                }
            }
        }
        return states;
    }

    /** Slurm's index list: {@code 3}, {@code 0-2}, {@code 1,4-5}, with an optional throttle {@code %2}. */
    static List<Integer> taskIndices(String list) {
        List<Integer> indices = new ArrayList<>();
        for (String part : list.split("%", 2)[0].split(",")) {
            String[] range = part.split("-", 2);
            int from = Integer.parseInt(range[0].trim());
            int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
            for (int i = from; i <= to; i++) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static String field(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? m.group(1) : "";
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("(no message)");
    }

    private record Result(int status, String out, String err) {
    }

    private Result exec(List<String> args) {
        List<String> command = new ArrayList<>(args);
        if (binDir != null) {
            command.set(0, binDir.resolve(args.get(0)).toString());
        }
        try {
            Processes.Result r = Processes.run(command, answerLimit);
            return new Result(r.exitStatus(), r.out(), r.err());
        } catch (Processes.TimedOut e) {
            throw new IllegalStateException(String.join(" ", command) + " did not answer in " + answerLimit.toSeconds()
                    + " s; stopped (is the Slurm controller up?)");
        } catch (IOException e) {
            throw new BadInputException(command.get(0) + ": cannot run it (" + e.getMessage() + "); is Slurm installed?");
        }
    }
}
