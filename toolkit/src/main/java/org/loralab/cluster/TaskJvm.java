package org.loralab.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loralab.BadInputException;

/**
 * The Java command a task runs: the submitting machine's Java, the submitted jar, and bounds that fit the task's
 * allocation. ND4J's arrays live outside the Java heap, so a task's memory is split: 3/8 heap, 3/8 off-heap arrays,
 * and JavaCPP collects before the whole process passes 7/8 (the rest is the JVM's own and the native libraries').
 * Without {@code --mem} the bounds are the launcher's (3 GB, 3 GB, 8 GB). With {@code --cpus-per-task} the JVM sees
 * that many processors, so its thread pools match the allocation (Slurm does not always bind a task to its cores).
 *
 * @param java the {@code java} executable
 * @param jar the toolkit jar
 * @param options JVM options
 */
public record TaskJvm(Path java, Path jar, List<String> options) {
    /** Below this a task cannot hold ND4J's native libraries and a model. */
    static final long MINIMUM_MEBIBYTES = 1024;

    public TaskJvm {
        options = List.copyOf(options);
    }

    /** The JVM for tasks with {@code resources}, running {@code jar} with the Java that runs this code. */
    public static TaskJvm of(Path jar, SlurmResources resources) {
        List<String> options = new ArrayList<>();
        long mem = resources.memory().map(SlurmResources::mebibytes).orElse(0L);
        if (mem == 0) {
            options.addAll(List.of("-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=8g"));
        } else if (mem < MINIMUM_MEBIBYTES) {
            throw new BadInputException("--mem: a task needs at least 1G, got " + resources.memory().get());
        } else {
            options.addAll(List.of("-Xmx" + mem * 3 / 8 + "m", "-Dorg.bytedeco.javacpp.maxbytes=" + mem * 3 / 8 + "m",
                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + mem * 7 / 8 + "m"));
        }
        resources.cpusPerTask().ifPresent(c -> options.add("-XX:ActiveProcessorCount=" + c));
        options.add("-Djava.awt.headless=true");
        return new TaskJvm(Path.of(System.getProperty("java.home"), "bin", "java"), jar, options);
    }
}
