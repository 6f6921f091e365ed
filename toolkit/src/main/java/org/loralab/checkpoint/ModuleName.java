package org.loralab.checkpoint;

/**
 * What a tensor name says about its place in a model: {@code model.layers.12.self_attn.q_proj.weight} is
 * a {@code q_proj} at depth 12.
 *
 * @param type  the last non-numeric name component before {@code weight}
 * @param depth the first all-digit component (the block index), or -1 when there is none
 */
public record ModuleName(String type, int depth) {

    public static ModuleName of(String tensor) {
        String[] parts = tensor.split("\\.");
        int depth = -1;
        for (String p : parts) {
            if (!p.isEmpty() && p.length() < 9 && p.chars().allMatch(Character::isDigit)) {
                depth = Integer.parseInt(p);
                break;
            }
        }
        int last = parts.length - 1;
        if (last > 0 && (parts[last].equals("weight") || parts[last].equals("bias"))) {
            last--;
        }
        while (last > 0 && parts[last].chars().allMatch(Character::isDigit)) { // layers.0: the type is "layers"
            last--;
        }
        return new ModuleName(parts[last], depth);
    }
}
