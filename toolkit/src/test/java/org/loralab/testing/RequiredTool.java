package org.loralab.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test's check that a tool it needs (PyTorch, numpy, Chromium, a Debian data package) is present. The test command
 * installs every such tool and then sets {@code LORALAB_REQUIRE_TOOLS=true}, so there (and under {@code CI=true}) a
 * missing one fails the test; elsewhere (a developer's {@code mvn test} without it) the test is skipped, with the reason.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    /** Skips the test, or fails it under {@code CI=true} or {@code LORALAB_REQUIRE_TOOLS=true}, unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is missing (scripts/test.sh installs it)";
        if (strict()) {
            fail(message + "; under CI=true or LORALAB_REQUIRE_TOOLS=true a missing tool is a failure, not a skip");
        }
        assumeTrue(false, message);
    }

    /** Whether a missing tool fails: in CI ({@code CI=true}, as most CI systems set it) and under scripts/test.sh. */
    public static boolean strict() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || "true".equalsIgnoreCase(System.getenv("LORALAB_REQUIRE_TOOLS"));
    }
}
