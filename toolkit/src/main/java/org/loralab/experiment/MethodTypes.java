package org.loralab.experiment;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** The registered {@link MethodType}s, loaded once. */
public final class MethodTypes {
    /** Sections the built-in methods and the spec's other settings use: no registered method may take them. */
    private static final Set<String> RESERVED = Set.of("name", "description", "precision", "task", "full", "lora",
            "subspace", "seeds", "learning_rate_extensions", "epoch_extensions", "seed_scope", "base", "truncated");

    private static final class Loaded {
        static final List<MethodType> ALL = load();
    }

    private MethodTypes() {
    }

    /** Every registered method type, in class-path order. */
    public static List<MethodType> all() {
        return Loaded.ALL;
    }

    private static List<MethodType> load() {
        List<MethodType> types = ServiceLoader.load(MethodType.class, MethodType.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        for (MethodType t : types) {
            if (RESERVED.contains(t.key())) {
                throw new IllegalStateException(t.getClass().getName() + " takes the reserved spec key '" + t.key() + "'");
            }
            Method.define(t.key(), t.ranked());
        }
        return types;
    }
}
