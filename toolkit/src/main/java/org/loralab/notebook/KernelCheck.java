package org.loralab.notebook;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Starts a kernel many times through jupyter_client and counts those that never answer kernel_info. */
public final class KernelCheck {
    private KernelCheck() {
    }

    /** @return 0 when no start hung, 1 otherwise; the counts and start times are printed to {@code out} */
    public static int run(String kernel, int starts, int startupTimeoutSeconds, PrintWriter out, PrintWriter err) {
        JupyterPython.requireJupyter();
        return JupyterPython.run(List.of("starts", kernel, String.valueOf(starts), String.valueOf(startupTimeoutSeconds)),
                Map.of(), out, err, java.time.Duration.ofSeconds((long) starts * (startupTimeoutSeconds + 30) + 60)) == 0 ? 0 : 1;
    }
}
