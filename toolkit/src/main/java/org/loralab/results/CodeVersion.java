package org.loralab.results;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.loralab.ToolkitBuild;
import org.loralab.io.Processes;

/**
 * The code that computes results in this process, recorded with every job: a run resumed over days, machines or
 * Slurm tasks may have computed its jobs with different commits, and a reader of the report should see which.
 */
public final class CodeVersion {
    private static String current;

    private CodeVersion() {
    }

    /**
     * The working folder's git commit ({@code +dirty} with local changes to tracked files, "unknown" outside a git
     * checkout) and the {@link ToolkitBuild#id() build} of the running classes, e.g. {@code 1a5086e… build
     * 3f2c…}; looked up once.
     */
    public static synchronized String current() {
        if (current == null) {
            current = gitCommit() + " build " + ToolkitBuild.id();
        }
        return current;
    }

    /** The commit checked out in the working directory, with "+dirty" for local changes, or "unknown". */
    public static String gitCommit() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            if (head.isEmpty()) {
                return "unknown";
            }
            return run("git", "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "+dirty";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String run(String... command) throws IOException {
        Processes.Result r = Processes.run(List.of(command), Duration.ofSeconds(10));
        return r.ok() ? r.out().trim() : "";
    }
}
