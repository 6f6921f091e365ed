package org.loralab.format;

import java.util.Arrays;

/**
 * One tensor's header entry.
 *
 * @param name  its name
 * @param dtype element type
 * @param shape dimensions (row-major)
 * @param begin first byte, counted from the start of the data section
 * @param end   one past the last byte
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    /** The number of elements, product of the shape (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Whether it is a matrix (2-D). */
    public boolean isMatrix() {
        return shape.length == 2;
    }

    /** The shape as {@code [d0, d1, ...]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
