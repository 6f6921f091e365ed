package org.loralab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./loralab} (the launcher and the shaded jar) as a separate process, as a user does. */
public final class Launcher {
    public static final Path SCRIPT = Path.of("..", "loralab").toAbsolutePath().normalize();

    private Launcher() {
    }

    /** Starts the launcher with extra environment variables; the caller reads or closes its streams. */
    public static Process start(Map<String, String> env, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Runs the launcher to the end (at most 10 minutes, then it is killed) and returns its status and output. The
     * output goes to files, not pipes: reading a pipe to its end would block past the timeout when the process hangs.
     */
    public static CliRun run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runIn(Path.of("").toAbsolutePath(), env, args);
    }

    /** {@link #run(Map, String...)} in the working directory {@code dir}. */
    public static CliRun runIn(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("loralab-launcher", ".out");
        Path err = Files.createTempFile("loralab-launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("loralab " + String.join(" ", args) + " did not finish in 10 minutes");
            }
            return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static CliRun run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }
}
