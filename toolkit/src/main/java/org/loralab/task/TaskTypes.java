package org.loralab.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.loralab.spec.SpecNode;

/** The registered {@link TaskType}s: every one named in a {@code META-INF/services/org.loralab.task.TaskType} file. */
public final class TaskTypes {
    /** The type of a spec whose task section has no {@code type} key. */
    public static final String DEFAULT = "planted-rank";

    private TaskTypes() {
    }

    /** Every registered type, by name. */
    public static List<TaskType> all() {
        List<TaskType> all = new ArrayList<>();
        // the toolkit's own class loader: a notebook kernel's context loader may not see the toolkit jar's services
        ServiceLoader.load(TaskType.class, TaskType.class.getClassLoader()).forEach(all::add);
        all.sort(Comparator.comparing(TaskType::name));
        return all;
    }

    /** The registered type called {@code name}. */
    public static Optional<TaskType> named(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Reads a spec's task section with the type its {@code type} key names. */
    public static TaskConfig read(SpecNode task) {
        String name = task.text("type", DEFAULT);
        TaskType type = named(name).orElseThrow(() -> task.error("key 'task.type' must be one of "
                + all().stream().map(TaskType::name).collect(Collectors.joining(", ")) + "; got '" + name + "'"));
        return type.read(task);
    }
}
