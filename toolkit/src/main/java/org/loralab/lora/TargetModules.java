package org.loralab.lora;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which modules get adapters, as PEFT's {@code target_modules}: either a list of names (a module
 * matches when its name equals an entry or ends with "." + entry) or a regular expression that must
 * match the whole module name.
 */
public final class TargetModules {
    private final List<String> names;
    private final Pattern regex;

    private TargetModules(List<String> names, Pattern regex) {
        this.names = names;
        this.regex = regex;
    }

    public static TargetModules names(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one module");
        }
        return new TargetModules(List.copyOf(names), null);
    }

    public static TargetModules names(String... names) {
        return names(List.of(names));
    }

    public static TargetModules regex(String regex) {
        try {
            return new TargetModules(null, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("target_modules is not a valid regular expression: " + e.getDescription());
        }
    }

    public boolean matches(String moduleName) {
        if (regex != null) {
            return regex.matcher(moduleName).matches();
        }
        return names.stream().anyMatch(n -> moduleName.equals(n) || moduleName.endsWith("." + n));
    }

    /** Short text for tables: names joined by {@code +}, or the regular expression. */
    public String label() {
        return regex != null ? regex.pattern() : String.join("+", names);
    }

    @Override
    public String toString() {
        return regex != null ? regex.pattern() : names.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetModules t && toString().equals(t.toString()) && (regex == null) == (t.regex == null);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
