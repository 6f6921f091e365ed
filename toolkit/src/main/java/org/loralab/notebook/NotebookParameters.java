package org.loralab.notebook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loralab.BadInputException;

/**
 * The parameters of a notebook, papermill style: the typed Java declarations of its cell tagged
 * {@code parameters}, and the cell of new declarations that {@code -p NAME=VALUE} values become.
 * Supported types: int, long, double, boolean, String and List of Integer, Long, Double or String.
 */
public final class NotebookParameters {
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:final\\s+)?(int|long|double|boolean|String|List<Integer>|List<Long>|List<Double>|List<String>)"
                    + "\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=.*;\\s*(//.*)?$");

    private final Map<String, String> types; // name -> declared type, in cell order

    private NotebookParameters(Map<String, String> types) {
        this.types = types;
    }

    /** Reads the declarations of a parameters cell's source; other lines (comments, imports) are ignored. */
    public static NotebookParameters parse(String source) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : source.split("\n")) {
            Matcher m = DECLARATION.matcher(line);
            if (m.matches()) {
                types.put(m.group(2), m.group(1));
            }
        }
        return new NotebookParameters(types);
    }

    /** Declared names and their Java types, in cell order. */
    public Map<String, String> types() {
        return java.util.Collections.unmodifiableMap(types);
    }

    /**
     * Java source that redeclares each given parameter with its value, for the cell tagged
     * {@code injected-parameters}.
     *
     * @param values NAME -> VALUE as given on the command line (lists as {@code 1,2,4} or {@code [1, 2, 4]})
     * @throws BadInputException for an unknown name or a value that is not of the declared type
     */
    public String injectionSource(Map<String, String> values) {
        StringBuilder code = new StringBuilder("// Parameters injected by loralab notebook run\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey();
            String type = types.get(name);
            if (type == null) {
                throw new BadInputException("-p " + name + ": no parameter named '" + name + "' in the cell tagged "
                        + "'parameters' (its parameters: " + String.join(", ", types.keySet()) + ")");
            }
            code.append(type).append(' ').append(name).append(" = ").append(literal(name, type, e.getValue())).append(";\n");
        }
        return code.toString();
    }

    private static String literal(String name, String type, String value) {
        return switch (type) {
            case "int" -> Integer.toString(parse(name, type, value, Integer::parseInt));
            case "long" -> parse(name, type, value, Long::parseLong) + "L";
            case "double" -> doubleLiteral(name, value);
            case "boolean" -> booleanLiteral(name, value);
            case "String" -> stringLiteral(value);
            case "List<Integer>" -> listLiteral(name, value, v -> Integer.toString(parse(name, "int", v, Integer::parseInt)));
            case "List<Long>" -> listLiteral(name, value, v -> parse(name, "long", v, Long::parseLong) + "L");
            case "List<Double>" -> listLiteral(name, value, v -> doubleLiteral(name, v));
            case "List<String>" -> listLiteral(name, value, NotebookParameters::stringLiteral);
            default -> throw new IllegalStateException("unsupported type " + type);
        };
    }

    private static <T> T parse(String name, String type, String value, Function<String, T> parser) {
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("-p " + name + "=" + value + ": '" + name + "' is declared " + type
                    + " in the parameters cell, and '" + value + "' is not a " + type);
        }
    }

    private static String doubleLiteral(String name, String value) {
        double d = parse(name, "double", value, Double::parseDouble);
        if (!Double.isFinite(d)) {
            throw new BadInputException("-p " + name + "=" + value + ": a double parameter must be finite");
        }
        return Double.toString(d);
    }

    private static String booleanLiteral(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new BadInputException("-p " + name + "=" + value + ": '" + name + "' is declared boolean in the "
                    + "parameters cell; give true or false");
        }
        return v;
    }

    static String stringLiteral(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    private static String listLiteral(String name, String value, Function<String, String> element) {
        String v = value.trim();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> items = new ArrayList<>();
        if (!v.isBlank()) {
            Arrays.stream(v.split(",")).map(String::trim).map(element).forEach(items::add);
        }
        return "java.util.List.of(" + String.join(", ", items) + ")";
    }
}
