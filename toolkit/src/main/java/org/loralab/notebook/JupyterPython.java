package org.loralab.notebook;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import org.loralab.io.Processes;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loralab.BadInputException;

/**
 * Runs LoRA Lab's Jupyter helper script ({@code run_notebook.py}, embedded) with the Python that has
 * Jupyter: Debian installs nbclient and jupyter_client for {@code /usr/bin/python3}, which may differ
 * from the {@code python3} first on the PATH.
 */
final class JupyterPython {
    static final String DEBIAN_PACKAGES = "jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat";

    private JupyterPython() {
    }

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Fails with install instructions when Python or its Jupyter modules are missing. */
    static void requireJupyter() {
        int status;
        try {
            status = org.loralab.io.Processes.run(List.of(python(), "-c", "import nbclient, nbformat, jupyter_client"),
                    java.time.Duration.ofSeconds(60)).exitStatus();
        } catch (IOException e) {
            status = -1; // no such interpreter, or it hung
        }
        if (status != 0) {
            throw new BadInputException("Jupyter is not installed for " + python() + ": apt-get install " + DEBIAN_PACKAGES);
        }
    }

    /**
     * Runs the helper script with {@code args}; its stdout and stderr lines go to {@code out} and
     * {@code err} as they come.
     *
     * @param env   extra environment variables
     * @param limit the longest it may run; then it is stopped with everything it started
     * @return the script's exit status
     * @throws UncheckedIOException with a {@link org.loralab.io.Processes.TimedOut} when it ran past {@code limit}
     */
    static int run(List<String> args, Map<String, String> env, PrintWriter out, PrintWriter err, Duration limit) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("loralab-jupyter");
            Path script = dir.resolve("run_notebook.py");
            try (InputStream in = JupyterPython.class.getResourceAsStream("run_notebook.py")) {
                Files.copy(in, script);
            }
            List<String> command = new ArrayList<>(List.of(python(), script.toString()));
            command.addAll(args);
            return stream(command, env, out, err, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            org.loralab.io.TemporaryFolders.deleteQuietly(dir);
        }
    }

    /** Runs {@code command}, its output lines to {@code out} and {@code err} as they come, for at most {@code limit}. */
    static int stream(List<String> command, Map<String, String> env, PrintWriter out, PrintWriter err, Duration limit)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        try (Processes.Watchdog watchdog = Processes.watch(p, limit)) {
            Thread errPump = pump(p.getErrorStream(), err);
            pump(p.getInputStream(), out).join();
            errPump.join();
            int status = p.waitFor();
            if (watchdog.fired()) {
                throw new UncheckedIOException(new Processes.TimedOut(command, limit));
            }
            return status;
        } catch (InterruptedException e) {
            Processes.destroyTree(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Thread pump(InputStream in, PrintWriter to) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    to.println(line);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the process ended; nothing more to forward
            }
        });
        t.start();
        return t;
    }
}
