package org.loralab.cli;

import java.io.PrintWriter;
import org.loralab.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code loralab} command. Exit status: 0 done, 2 bad input or usage (one {@code error:} line),
 * 1 internal fault.
 */
@Command(name = "loralab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tests the low intrinsic rank hypothesis: full vs LoRA fine-tuning, update spectra, rank sweeps.",
        subcommands = {RunCommand.class, MergeCommand.class, SlurmCommand.class, SpectrumCommand.class, ExtractCommand.class, MergeAdapterCommand.class, KernelCommand.class, NotebookCommand.class, BenchCommand.class, ParamsCommand.class, ReferenceCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        // an empty path would mean the working folder: `--out ""` must not write a report where the user stands
        cli.registerConverter(java.nio.file.Path.class, value -> {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("a path may not be empty");
            }
            return java.nio.file.Path.of(value);
        });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage() + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof BadInputException) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            if (e.getCause() instanceof java.nio.file.FileSystemException fs) {
                // a path the user gave that cannot be written (no permission, not a folder, read-only)
                err.println("error: " + fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason()
                        : fs.getClass().getSimpleName()));
                return 2;
            }
            if (e.getCause() instanceof org.loralab.io.Processes.TimedOut timedOut) {
                // an external tool (Jupyter, Python, Slurm) that hung: stopped at its limit; not a bug of ours
                err.println("error: " + timedOut.getMessage());
                return 1;
            }
            err.println("internal error: " + e);
            e.printStackTrace(err);
            return 1;
        });
        try {
            org.loralab.linalg.BlasThreads.threads(); // a bad setting is a usage error here, not a failed class load later
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        try {
            return cli.execute(args);
        } finally { // a command may print without a newline call; nothing it printed may be lost at exit
            out.flush();
            err.flush();
        }
    }

    /** The toolkit's version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"loralab " + (v == null ? "(development build)" : v)};
        }
    }
}
