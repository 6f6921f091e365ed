package org.loralab.subspace;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which random projection a subspace uses: {@code dense}, {@code fastfood}, or {@code auto} (a dense matrix while
 * d x D is small, Fastfood, with memory O(D), beyond). Written as the spec spells it.
 */
public enum ProjectionKind {
    AUTO("auto: dense Gaussian for small d x D, Fastfood beyond"),
    DENSE("dense Gaussian"),
    FASTFOOD("Fastfood");

    private final String description;

    ProjectionKind(String description) {
        this.description = description;
    }

    /** The kind a spec names ({@code auto}, {@code dense} or {@code fastfood}). */
    public static ProjectionKind parse(String name) {
        return Arrays.stream(values()).filter(k -> k.toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("projection must be auto, dense or fastfood, got '"
                        + name + "'"));
    }

    /** A projection of this kind from R^d to R^D, drawn from {@code seed}. */
    public Projection create(int dimension, int outputs, long seed) {
        boolean dense = this == DENSE || this == AUTO && (long) dimension * outputs <= DenseProjection.AUTO_ENTRIES;
        return dense ? new DenseProjection(dimension, outputs, seed) : new FastfoodProjection(dimension, outputs, seed);
    }

    /** What it is, for reports. */
    public String description() {
        return description;
    }

    /** The spec's spelling (and so the spec's canonical text and fingerprint are unchanged by this type). */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
