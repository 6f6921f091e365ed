package org.loralab.format;

/**
 * What a module or tensor name says about its place in a model: {@code model.layers.12.self_attn.q_proj.weight} is a
 * {@code q_proj} inside block 12. The toolkit's one parser of module names: checkpoint reports group by it, experiment
 * reports and tables find blocks with it.
 *
 * @param type    the last non-numeric name component before {@code weight} or {@code bias}
 * @param depth   the first all-digit component (a block or layer index), or -1 when there is none
 * @param inBlock whether a module name follows that index ({@code layers.3.fc1}), rather than the index naming a layer
 *                itself ({@code layers.3}, an MLP's hidden layer)
 */
public record ModuleName(String type, int depth, boolean inBlock) {

    /** Parses a name; a prefix ending in {@code /} (as {@code seed=1/} in result tables) is not part of the module. */
    public static ModuleName of(String tensor) {
        String[] parts = tensor.substring(tensor.lastIndexOf('/') + 1).split("\\.");
        int last = parts.length - 1;
        if (last > 0 && (parts[last].equals("weight") || parts[last].equals("bias"))) {
            last--;
        }
        int depth = -1;
        int depthAt = -1;
        for (int i = 0; i < parts.length && depth < 0; i++) {
            if (isIndex(parts[i])) {
                depth = Integer.parseInt(parts[i]);
                depthAt = i;
            }
        }
        int typeAt = last;
        while (typeAt > 0 && parts[typeAt].chars().allMatch(Character::isDigit)) { // layers.0: the type is "layers"
            typeAt--;
        }
        return new ModuleName(parts[typeAt], depth, depthAt >= 0 && depthAt < last);
    }

    /** The index of the block the module sits in, or -1 when it is not inside a numbered block. */
    public int blockDepth() {
        return inBlock ? depth : -1;
    }

    private static boolean isIndex(String part) {
        return !part.isEmpty() && part.length() < 9 && part.chars().allMatch(Character::isDigit);
    }
}
