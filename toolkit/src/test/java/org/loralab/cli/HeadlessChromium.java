package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.loralab.testing.RequiredTool;

/** Debian's Chromium, headless, opening a local page: its DOM after the scripts ran, its console, a screenshot. */
final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** What a page became in the browser. */
    record Page(String dom, List<String> consoleErrors) {
        /** How many Plotly charts were drawn (each draws one plot container). */
        int plotlyCharts() {
            return (int) Pattern.compile("class=\"plot-container plotly\"").matcher(dom).results().count();
        }
    }

    /** Opens {@code html}; skips the test where Chromium is not installed (fails it under {@code CI=true}). */
    static Page open(Path html, Path work) throws IOException, InterruptedException {
        RequiredTool.require(Files.isExecutable(CHROMIUM), "chromium");
        Path log = work.resolve("chromium-dom.log");
        Path dom = work.resolve("dom.html");
        run(work, log, dom, "--enable-logging=stderr", "--v=1", "--dump-dom", html.toUri().toString());
        List<String> errors = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // the page's console; Chromium's own complaints (no D-Bus in a container) are not the page's
            if (line.contains(":CONSOLE") && (line.contains("Uncaught") || line.contains("Error"))) {
                errors.add(line);
            }
        }
        return new Page(Files.readString(dom), errors);
    }

    /** A full-page screenshot of {@code html}, {@code width} x {@code height} pixels. */
    static Path screenshot(Path html, Path work, int width, int height) throws IOException, InterruptedException {
        RequiredTool.require(Files.isExecutable(CHROMIUM), "chromium");
        Path shot = work.resolve("shot.png");
        run(work, work.resolve("chromium-shot.log"), null, "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + shot, html.toUri().toString());
        return shot;
    }

    private static void run(Path work, Path log, Path stdout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process p = pb.start();
        boolean finished = p.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            org.loralab.io.Processes.destroyTree(p); // Chromium's renderer and GPU processes too
        }
        assertThat(finished).as("Chromium finished within 2 minutes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    }
}
