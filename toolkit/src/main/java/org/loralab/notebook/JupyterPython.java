package org.loralab.notebook;

import java.io.BufferedReader;
import java.io.IOException;
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
     * @param env extra environment variables
     * @return the script's exit status
     */
    static int run(List<String> args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("loralab-jupyter");
            Path script = dir.resolve("run_notebook.py");
            try (InputStream in = JupyterPython.class.getResourceAsStream("run_notebook.py")) {
                Files.copy(in, script);
            }
            List<String> command = new ArrayList<>(List.of(python(), script.toString()));
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            Thread errPump = pump(p.getErrorStream(), err);
            pump(p.getInputStream(), out).join();
            errPump.join();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            org.loralab.io.TemporaryFolders.deleteQuietly(dir);
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
