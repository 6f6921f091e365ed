package org.loralab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {

    @Test
    void aFinishedCommandGivesItsStatusAndOutputs() throws Exception {
        Processes.Result r = Processes.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(20));
        assertThat(r.exitStatus()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
    }

    /** More output than a pipe holds (64 KiB) does not block: it goes to a file. */
    @Test
    void aLargeOutputDoesNotBlock() throws Exception {
        Processes.Result r = Processes.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\\\0' x"), Duration.ofSeconds(20));
        assertThat(r.ok()).isTrue();
        assertThat(r.out()).hasSize(1_000_000);
    }

    /**
     * A command that never ends: the limit fires (measured: the limit plus the time to destroy), and neither the shell
     * nor the child it started is left running.
     */
    @Test
    void aCommandThatNeverEndsIsStoppedWithItsChildren(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("child.pid");
        long start = System.nanoTime();
        assertThatThrownBy(() -> Processes.run(List.of("sh", "-c", "sleep 1000 & echo $! > " + pid + "; wait"),
                Duration.ofMillis(1500))).isInstanceOf(Processes.TimedOut.class).hasMessageContaining("within 1 s");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("a never-ending command gave up after %.2f s (limit 1.5 s)%n", seconds);
        assertThat(seconds).isLessThan(15);
        long child = Long.parseLong(Files.readString(pid).trim());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the child sleep").isFalse();
    }

    /**
     * A watched process that never answers: its reader gets end of stream once the limit has passed and the tree is
     * destroyed; a watchdog closed in time leaves the process alone.
     */
    @Test
    void aWatchdogEndsAReadThatWouldNeverReturn(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("child.pid");
        Process p = new ProcessBuilder("sh", "-c", "sleep 1000 & echo $! > " + pid + "; wait").start();
        long start = System.nanoTime();
        int read;
        boolean fired;
        try (Processes.Watchdog w = Processes.watch(p, Duration.ofMillis(1500))) {
            read = p.getInputStream().read(); // blocks: the shell never writes
            fired = w.fired();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("a watched read gave up after %.2f s (limit 1.5 s)%n", seconds);
        assertThat(read).isEqualTo(-1);
        assertThat(fired).isTrue();
        assertThat(seconds).isBetween(1.4, 15.0);
        assertThat(p.isAlive()).isFalse();
        long child = Long.parseLong(Files.readString(pid).trim());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the child sleep").isFalse();

        Process quick = new ProcessBuilder("sh", "-c", "sleep 3").start();
        try (Processes.Watchdog w = Processes.watch(quick, Duration.ofMillis(500))) {
            assertThat(w.fired()).isFalse();
        }
        Thread.sleep(1000);
        assertThat(quick.isAlive()).as("closed in time: not destroyed").isTrue();
        Processes.destroyTree(quick);
    }

    @Test
    void aMissingProgramIsAnIoError() {
        assertThatThrownBy(() -> Processes.run(List.of("/no/such/program"), Duration.ofSeconds(5)))
                .isInstanceOf(java.io.IOException.class);
    }
}
