package org.loralab.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.loralab.BadInputException;
import org.loralab.Numbers;
import org.loralab.cluster.ShardStatus;
import org.loralab.cluster.Slurm;
import org.loralab.cluster.SlurmLayout;
import org.loralab.cluster.SlurmResources;
import org.loralab.cluster.SlurmSweep;
import org.loralab.cluster.SweepParts;
import org.loralab.cluster.Submission;
import org.loralab.cluster.SweepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loralab slurm submit|status|resubmit}: an experiment as a Slurm job array and a merge job. */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = "Runs an experiment on a Slurm cluster: a job array of shards and a job that merges them.",
        subcommands = {SlurmCommand.Submit.class, SlurmCommand.Status.class, SlurmCommand.Resubmit.class})
final class SlurmCommand {

    /** Exit status when the cluster run ended without a complete report (with --wait). */
    static final int INCOMPLETE = 1;

    /** Options shared by the commands that may wait for the sweep, and the streams of the command they belong to. */
    static final class Waiting {
        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec command;

        @Option(names = "--wait", description = "return when the merge job has ended: 0 with a complete report, 1 otherwise")
        boolean wait;

        @Option(names = "--poll-seconds", defaultValue = "10", paramLabel = "S",
                description = "with --wait, how often to ask Slurm (default: ${DEFAULT-VALUE})")
        double pollSeconds;

        @Option(names = "--wait-hours", defaultValue = "168", paramLabel = "H",
                description = "with --wait, give up waiting after this long; the jobs go on (default: ${DEFAULT-VALUE})")
        double waitHours;

        PrintWriter out() {
            return command.commandLine().getOut();
        }

        /** Refuses bad waiting options before anything is submitted. */
        void check() {
            if (!(waitHours > 0) || Double.isInfinite(waitHours)) {
                throw new BadInputException("--wait-hours must be a positive number of hours, got " + waitHours);
            }
            if (!(pollSeconds > 0) || Double.isInfinite(pollSeconds)) {
                throw new BadInputException("--poll-seconds must be a positive number, got " + pollSeconds);
            }
        }

        int await(SlurmSweep sweep, SlurmLayout layout) {
            PrintWriter out = out();
            PrintWriter err = command.commandLine().getErr();
            if (!wait) {
                return 0;
            }
            SweepStatus status = sweep.await(layout, Math.max(50, Math.round(pollSeconds * 1000)),
                    java.time.Duration.ofMillis(Math.round(waitHours * 3_600_000)),
                    s -> err.println(s.submission().experiment() + ": " + s.jobsDone() + " of " + s.jobs() + " jobs done"));
            if (status.merged()) {
                out.println("report: " + layout.out().resolve("report.md"));
                return 0;
            }
            if (!status.stalled()) {
                err.println("error: still running after " + Numbers.compact(waitHours) + " hours (" + status.jobsDone() + " of "
                        + status.jobs() + " jobs done); the jobs go on: loralab slurm status " + layout.out());
                return INCOMPLETE;
            }
            err.println("error: " + status.diagnosis(layout));
            return INCOMPLETE;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Checks the spec, writes the batch scripts under DIR/.slurm/ and submits a job array of N shard",
                    "tasks (loralab run SPEC --shard I/N) and a merge job that runs after all of them succeed."})
    static final class Submit implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SPEC", description = "experiment spec (YAML), or a study: each shard task then runs its share of every experiment")
        Path specFile;

        @Option(names = "--array", required = true, paramLabel = "N", description = "shard tasks (1 to the spec's jobs; a study: its largest experiment's)")
        int shards;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the merged report goes")
        Path out;

        @Option(names = "--partition", paramLabel = "P")
        String partition;

        @Option(names = "--time", paramLabel = "T", description = "time limit per task, in Slurm's forms (e.g. 2:00:00)")
        String time;

        @Option(names = "--cpus-per-task", paramLabel = "C", description = "CPUs per task; also the threads its JVM uses")
        Integer cpusPerTask;

        @Option(names = "--mem", paramLabel = "M", description = "memory per task (e.g. 8G); the task's JVM bounds follow it")
        String mem;

        @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "another sbatch option for both scripts, e.g. --account=x; repeatable")
        List<String> sbatchArgs = List.of();

        @Option(names = "--jar", paramLabel = "JAR", description = "the toolkit jar the tasks run (default: the jar running this command)")
        Path jar;

        @Option(names = "--dry-run", description = "print the batch scripts; write and submit nothing")
        boolean dryRun;

        @picocli.CommandLine.Mixin
        Waiting waiting = new Waiting();

        @Override
        public Integer call() {
            SweepParts parts = SweepParts.read(specFile); // every check before anything is written or submitted
            waiting.check();
            SlurmResources resources = new SlurmResources(Optional.ofNullable(partition), Optional.ofNullable(time),
                    Optional.ofNullable(cpusPerTask), Optional.ofNullable(mem), sbatchArgs);
            SlurmSweep.Plan plan = SlurmSweep.Plan.of(parts, specFile, out, shards, resources,
                    jar != null ? jar : runningJar(), Path.of("").toAbsolutePath());
            PrintWriter stdout = waiting.out();
            if (waiting.wait && dryRun) {
                throw new BadInputException("--dry-run submits nothing to wait for; drop one of --dry-run and --wait");
            }
            if (dryRun) {
                stdout.println("# " + plan.layout().shardScript());
                stdout.print(plan.scripts().shards());
                stdout.println("# " + plan.layout().mergeScript() + " (submitted with --dependency=afterok:<the array's job id>)");
                stdout.print(plan.scripts().merge());
                return 0;
            }
            requireSlurm();
            SlurmSweep sweep = new SlurmSweep(new Slurm());
            Submission submission = sweep.submit(plan);
            Submission.ArrayJob array = submission.arrays().get(0);
            stdout.println("submitted " + parts.name() + ": job array " + array.jobId() + " (" + shards + " shard tasks), merge job "
                    + submission.mergeJob() + " (runs when every task has succeeded)");
            printFollow(stdout, plan.layout(), array.jobId() + "," + submission.mergeJob());
            return waiting.await(sweep, plan.layout());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Per shard: jobs finished (from its job store), and its task's state in Slurm.")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the --out folder of loralab slurm submit")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            requireSlurm();
            SlurmLayout layout = new SlurmLayout(out);
            SweepStatus status = new SlurmSweep(new Slurm()).status(layout);
            PrintWriter stdout = command.commandLine().getOut();
            stdout.printf("%s: %d of %d jobs done in %d shards%n", status.submission().experiment(), status.jobsDone(),
                    status.jobs(), status.shards().size());
            stdout.printf("%-6s %-8s %-8s %s%n", "shard", "jobs", "state", "slurm");
            for (ShardStatus s : status.shards()) {
                stdout.printf("%-6d %-8s %-8s %s%n", s.shard(), s.done() + "/" + s.total(), s.state().name().toLowerCase(),
                        s.task().map(Object::toString).orElse(status.submission().taskOf(s.shard()).orElse("-")
                                + " (no longer known to Slurm)"));
            }
            stdout.println("merge  " + status.merge().map(Object::toString)
                    .orElse(status.submission().mergeJob() + " (no longer known to Slurm)"));
            if (status.merged()) {
                stdout.println("report: " + layout.out().resolve("report.md"));
            } else if (status.stalled()) {
                stdout.println("stalled: " + status.diagnosis(layout));
            }
            return 0;
        }
    }

    @Command(name = "resubmit", mixinStandardHelpOptions = true,
            description = {"Submits again the shards that ended unfinished (they resume: finished jobs are not run again)",
                    "and a new merge job; cancels the old merge job."})
    static final class Resubmit implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the --out folder of loralab slurm submit")
        Path out;

        @picocli.CommandLine.Mixin
        Waiting waiting = new Waiting();

        @Override
        public Integer call() {
            waiting.check();
            requireSlurm();
            SlurmLayout layout = new SlurmLayout(out);
            SlurmSweep sweep = new SlurmSweep(new Slurm());
            PrintWriter stdout = waiting.out();
            int arraysBefore = Submission.read(layout).arrays().size();
            Optional<Submission> next = sweep.resubmit(layout);
            if (next.isEmpty()) {
                stdout.println("nothing to resubmit: the report is complete: " + layout.out().resolve("report.md"));
                return 0;
            }
            Submission s = next.get();
            Submission.ArrayJob last = s.arrays().get(s.arrays().size() - 1);
            boolean rerun = s.arrays().size() > arraysBefore;
            stdout.println("resubmitted " + s.experiment() + ": " + (rerun ? "shards " + last.shards().stream()
                    .map(String::valueOf).collect(Collectors.joining(",")) + " as job array " + last.jobId() + ", " : "")
                    + "merge job " + s.mergeJob());
            printFollow(stdout, layout, (rerun ? last.jobId() + "," : "") + s.mergeJob());
            return waiting.await(sweep, layout);
        }
    }

    private static void printFollow(PrintWriter out, SlurmLayout layout, String jobs) {
        out.println("follow: loralab slurm status " + layout.out() + "   (or: squeue -j " + jobs + ")");
        out.println("logs:   " + layout.logs());
        out.println("report: " + layout.out().resolve("report.md") + " once the merge job has run");
    }

    private static void requireSlurm() {
        if (!Slurm.installed()) {
            throw new BadInputException("sbatch: not found; run this on a Slurm cluster's login node (Debian: apt-get install slurm-client)");
        }
    }

    /** The jar this command runs from, which the tasks run too (the launcher has built it from the sources). */
    private static Path runningJar() {
        try {
            Path self = Path.of(SlurmCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self;
            }
        } catch (URISyntaxException | SecurityException e) {
            // reported below
        }
        throw new BadInputException("--jar: not running from the loralab jar; give the jar the tasks should run");
    }
}
