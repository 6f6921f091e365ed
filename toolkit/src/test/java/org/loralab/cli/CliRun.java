package org.loralab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs the command line in-process and keeps what it printed. The streams are built as {@link Main#main} builds them
 * (an auto-flushing PrintWriter over a byte stream, which buffers until a newline call or a flush), so that text a
 * command prints without a flush is lost here as it would be on a terminal.
 */
public record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
