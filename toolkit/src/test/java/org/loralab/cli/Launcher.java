package org.loralab.cli;

import java.io.IOException;
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

    /** Runs the launcher to the end (at most 10 minutes) and returns its status and output. */
    public static CliRun run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = start(env, args);
        p.getOutputStream().close();
        var err = new java.io.ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        pump.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("loralab " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        pump.join();
        return new CliRun(p.exitValue(), out, err.toString());
    }

    public static CliRun run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }
}
