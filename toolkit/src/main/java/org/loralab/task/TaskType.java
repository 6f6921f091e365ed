package org.loralab.task;

import org.loralab.spec.SpecNode;

/**
 * A kind of task that an experiment spec names in {@code task.type}. A new task is its {@link TaskConfig}, its
 * {@link Task} and a TaskType, registered by one line naming the class in
 * {@code META-INF/services/org.loralab.task.TaskType} (Java's {@link java.util.ServiceLoader}); {@link TaskTypes} finds
 * it there, so nothing else in the toolkit changes.
 */
public interface TaskType {

    /** The value of {@code task.type}, for example {@code planted-rank}. */
    String name();

    /**
     * Reads the task section of a spec (every key but {@code type}) and checks each value; errors name the file and
     * the key. Call {@link SpecNode#finish()} at the end, so that a misspelt key is an error.
     */
    TaskConfig read(SpecNode task);

    /** The keys {@link #read} reads (besides {@code type}), for the spec reference; nested sections by dotted name. */
    java.util.List<org.loralab.spec.SpecKey> keys();
}
