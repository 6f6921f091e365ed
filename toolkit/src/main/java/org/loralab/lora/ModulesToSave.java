package org.loralab.lora;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which modules {@code modules_to_save} names. An entry names a module by its whole name ({@code layers.0.mlp.fc1}),
 * by the end of it after a dot as PEFT matches ({@code norm} matches {@code norm} only, {@code input_layernorm} every
 * block's), or by a pattern where {@code *} stands for any characters ({@code *norm*}: every LayerNorm).
 */
public final class ModulesToSave {
    private ModulesToSave() {
    }

    /**
     * The modules of {@code names} that {@code entries} name, in the order of {@code names}.
     *
     * @throws IllegalArgumentException for an entry that names no module (the message lists the modules)
     */
    public static List<String> resolve(List<String> entries, Collection<String> names) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String entry : entries) {
            List<String> matched = names.stream().filter(n -> matches(entry, n)).toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("modules_to_save names '" + entry + "', which matches no module; modules are "
                        + names);
            }
            chosen.addAll(matched);
        }
        return names.stream().filter(chosen::contains).toList();
    }

    private static boolean matches(String entry, String name) {
        if (entry.contains("*")) {
            String regex = Pattern.quote(entry).replace("*", "\\E.*\\Q");
            return name.matches(regex);
        }
        return name.equals(entry) || name.endsWith("." + entry);
    }
}
