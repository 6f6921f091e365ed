package org.loralab.subspace;

/** What every projection keeps: d and D, checked once. */
abstract class FixedSizeProjection implements Projection {
    protected final int dimension;
    protected final int outputs;

    FixedSizeProjection(int dimension, int outputs) {
        if (dimension < 1 || outputs < 1) {
            throw new IllegalArgumentException("a projection needs d >= 1 and D >= 1, got d = " + dimension + ", D = " + outputs);
        }
        this.dimension = dimension;
        this.outputs = outputs;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long outputs() {
        return outputs;
    }
}
