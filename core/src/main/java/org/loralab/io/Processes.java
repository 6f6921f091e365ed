package org.loralab.io;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short external command with a limit that fires: its output goes to files (so a command that writes more than
 * a pipe holds cannot block it), the wait is timed, and at the limit the whole process tree is destroyed (a shell's
 * children too), never left running.
 */
public final class Processes {
    private Processes() {
    }

    /**
     * What a finished command left.
     *
     * @param exitStatus its exit status
     * @param out        its standard output
     * @param err        its standard error
     */
    public record Result(int exitStatus, String out, String err) {
        public boolean ok() {
            return exitStatus == 0;
        }
    }

    /** A command that ran past its limit (it and its descendants have been destroyed). */
    public static final class TimedOut extends IOException {
        public TimedOut(List<String> command, Duration limit) {
            super(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s; stopped");
        }
    }

    /**
     * Runs {@code command} with empty standard input, waiting at most {@code limit}.
     *
     * @throws TimedOut    when it ran past the limit
     * @throws IOException when it cannot start (no such program)
     */
    public static Result run(List<String> command, Duration limit) throws IOException {
        return run(command, Map.of(), limit);
    }

    /** {@link #run(List, Duration)} with {@code env} added to the environment. */
    public static Result run(List<String> command, Map<String, String> env, Duration limit) throws IOException {
        Path dir = Files.createTempDirectory("loralab-process");
        try {
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    destroyTree(p);
                    throw new TimedOut(command, limit);
                }
            } catch (InterruptedException e) {
                destroyTree(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command.get(0), e);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            TemporaryFolders.deleteQuietly(dir);
        }
    }

    /**
     * Destroys {@code p}'s process tree when it is still running {@code limit} after this call and the watchdog has
     * not been closed: a limit for processes whose output is read as it comes (a reply at a time, a stream), where a
     * timed wait cannot be used. A read from a destroyed process ends; {@link Watchdog#fired()} then says why.
     */
    public static Watchdog watch(Process p, Duration limit) {
        return new Watchdog(p, limit);
    }

    /** A running limit on a process ({@link #watch}); close it when the watched work is done in time. */
    public static final class Watchdog implements AutoCloseable {
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread thread;
        private volatile boolean fired;

        private Watchdog(Process p, Duration limit) {
            thread = new Thread(() -> {
                try {
                    if (!done.await(limit.toMillis(), TimeUnit.MILLISECONDS) && p.isAlive()) {
                        fired = true;
                        destroyTree(p);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "loralab-watchdog-" + p.pid());
            thread.setDaemon(true);
            thread.start();
        }

        /** Whether the limit passed and the process tree was destroyed. */
        public boolean fired() {
            return fired;
        }

        /** Stops watching; when the limit had fired, first waits until the whole tree is gone. */
        @Override
        public void close() {
            done.countDown();
            if (fired) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Destroys {@code p} and every process it started, children first, and waits for them to go. */
    public static void destroyTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle h : descendants) {
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UncheckedIOException(new IOException("a child of " + p.pid() + " did not exit", e));
        }
    }
}
