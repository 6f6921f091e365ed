package org.loralab.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a trial's model was obtained: the base model and truncation (no training of their own), and each training
 * method (full fine-tuning, LoRA, the random subspace, and any registered {@link MethodType}). One instance per label,
 * so instances compare with {@code ==}; they order as defined (the built-in ones first, in table order).
 */
public final class Method implements Comparable<Method> {
    private static final Map<String, Method> BY_LABEL = new ConcurrentHashMap<>();

    /** The base model W0, untouched. */
    public static final Method BASE = define("base", false);
    /** Full fine-tuning of every weight. */
    public static final Method FULL = define("full", false);
    /** LoRA adapters of rank r on the target modules, trained from the base. */
    public static final Method LORA = define("lora", true);
    /** The fully fine-tuned model with every dW replaced by its best rank-r approximation; no training. */
    public static final Method TRUNCATED = define("truncated", true);
    /** Fine-tuning in a random d-dimensional subspace of the target modules' weights (intrinsic dimension); rank = d. */
    public static final Method SUBSPACE = define("subspace", true);

    private final String label;
    private final boolean ranked;
    private final int order;

    private Method(String label, boolean ranked, int order) {
        this.label = label;
        this.ranked = ranked;
        this.order = order;
    }

    /**
     * The method called {@code label} (lower-case letters, digits and '_'), made on first use; a label keeps the
     * rankedness it was first defined with.
     *
     * @param ranked whether its trials have a rank (a subspace's: its dimension d)
     * @throws IllegalArgumentException for a label of other characters, or one defined with the other rankedness
     */
    public static Method define(String label, boolean ranked) {
        if (label == null || !label.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a method's label is lower-case letters, digits and '_', got '" + label + "'");
        }
        Method m;
        synchronized (BY_LABEL) { // the order is the definition order
            m = BY_LABEL.computeIfAbsent(label, l -> new Method(l, ranked, BY_LABEL.size()));
        }
        if (m.ranked != ranked) {
            throw new IllegalArgumentException("method '" + label + "' is already defined " + (m.ranked ? "with" : "without")
                    + " ranks");
        }
        return m;
    }

    /** The name used in tables and files: lower case. */
    public String label() {
        return label;
    }

    /**
     * The method called {@code label} in any case: a built-in one or one a {@link MethodType} defined.
     *
     * @throws IllegalArgumentException for a label no method has
     */
    public static Method fromLabel(String label) {
        MethodTypes.all(); // registered methods define their labels when loaded
        Method m = BY_LABEL.get(label.toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new IllegalArgumentException("no method '" + label + "'; methods are " + BY_LABEL.keySet());
        }
        return m;
    }

    /** The stored form: upper case, as stored jobs have always spelled it. */
    @JsonValue
    String stored() {
        return label.toUpperCase(Locale.ROOT);
    }

    @JsonCreator
    static Method fromStored(String stored) {
        return fromLabel(stored);
    }

    /** Whether trials of this method have a rank (a subspace's: its dimension d). */
    public boolean ranked() {
        return ranked;
    }

    @Override
    public int compareTo(Method other) {
        return Integer.compare(order, other.order);
    }

    @Override
    public String toString() {
        return stored();
    }
}
