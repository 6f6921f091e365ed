package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./loralab} launcher with the shaded jar, as a user runs it. */
class LauncherIT {

    private static CliRun launch(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of("..", "loralab").toAbsolutePath().normalize().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new CliRun(p.exitValue(), out, err);
    }

    @Test
    void runsTheJarAndReportsUserErrorsWithStatusTwo() throws Exception {
        CliRun params = launch("params");
        assertThat(params.status()).as(params.err()).isZero();
        assertThat(params.out()).contains("LoRA r = 8 trains 65,536");
        CliRun missing = launch("run", "does-not-exist.yaml");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("error: does-not-exist.yaml: no such file");
    }
}
