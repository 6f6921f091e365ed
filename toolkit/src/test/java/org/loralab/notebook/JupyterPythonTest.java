package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.io.Processes;

/** The Jupyter helper's process runner: output as it comes, and a limit that stops a hung run with its children. */
class JupyterPythonTest {

    @Test
    void aRunThatNeverEndsIsStoppedAtItsLimitWithItsChildren(@TempDir Path dir) {
        Path pid = dir.resolve("child.pid");
        StringWriter out = new StringWriter();
        long start = System.nanoTime();
        assertThatThrownBy(() -> JupyterPython.stream(List.of("sh", "-c", "echo started; sleep 1000 & echo $! > " + pid
                + "; wait"), Map.of(), new PrintWriter(out), new PrintWriter(new StringWriter()), Duration.ofMillis(1500)))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(Processes.TimedOut.class)
                .hasMessageContaining("did not finish within 1 s");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("a hung Jupyter run gave up after %.2f s (limit 1.5 s)%n", seconds);
        assertThat(seconds).isBetween(1.4, 15.0);
        assertThat(out.toString()).isEqualTo("started" + System.lineSeparator());
        assertThat(Files.exists(pid)).isTrue();
    }

    @Test
    void aRunThatEndsGivesItsStatusAndItsLines() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = JupyterPython.stream(List.of("sh", "-c", "echo one; echo two >&2; exit 4"), Map.of(),
                new PrintWriter(out), new PrintWriter(err), Duration.ofSeconds(30));
        assertThat(status).isEqualTo(4);
        assertThat(out.toString()).isEqualTo("one" + System.lineSeparator());
        assertThat(err.toString()).isEqualTo("two" + System.lineSeparator());
    }
}
