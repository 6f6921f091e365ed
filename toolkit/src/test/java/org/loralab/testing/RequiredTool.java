package org.loralab.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test's check that a tool it needs (PyTorch, numpy, Chromium, a Debian data package) is present. The test command
 * installs every such tool, so under {@code CI=true} a missing one fails the test; elsewhere (a developer's machine
 * without it) the test is skipped, with the reason.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    /** Skips the test, or fails it under {@code CI=true}, unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is missing (scripts/test.sh installs it)";
        if (inCi()) {
            fail(message + "; CI=true, so a missing tool is a failure, not a skip");
        }
        assumeTrue(false, message);
    }

    /** Whether the environment says this run is CI ({@code CI=true}, as most CI systems set it). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
