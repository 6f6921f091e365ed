package org.loralab.gpu.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs after the command word; unknown names and missing values are errors. */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    Options(String[] args, Set<String> allowed) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !allowed.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option '" + name + "'; options are --" + String.join(", --", allowed));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            values.put(name.substring(2), args[++i]);
        }
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    List<Integer> integers(String name, String fallback) {
        List<Integer> out = new ArrayList<>();
        for (String part : get(name, fallback).split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be whole numbers separated by commas, got '"
                        + get(name, fallback) + "'");
            }
        }
        return out;
    }

    List<String> words(String name, String fallback) {
        return Arrays.stream(get(name, fallback).split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
    }
}
