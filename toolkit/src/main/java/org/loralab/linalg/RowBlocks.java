package org.loralab.linalg;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a loop body over a matrix in blocks of whole rows, the blocks in parallel: the toolkit's own fused kernels
 * (GELU, layer norm, masked softmax, Adam), each one pass over memory where a chain of ND4J ops made one pass and one new
 * buffer per operation. Blocks hold a fixed number of rows (never one per thread), and sums across blocks are added
 * in block order, so results do not depend on the number of threads or their timing.
 */
public final class RowBlocks {
    private static final int BLOCK_ELEMENTS = 8192; // a few scratch rows of this size stay in the L1/L2 cache
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private RowBlocks() {
    }

    /** This thread's working arrays, for a kernel that runs outside {@link #forEach} (one call at a time per thread). */
    public static Scratch scratch() {
        return SCRATCH.get();
    }

    /** The body of a kernel: rows [first, first + count) of the matrix. */
    public interface Body {
        /**
         * @param partial this block's share of a sum across rows (zeros on entry; empty when none was asked for)
         */
        void rows(int first, int count, Scratch scratch, double[] partial);
    }

    /** Runs {@code body} over {@code rows} rows of {@code columns} elements. */
    public static void forEach(long rows, long columns, Body body) {
        sum(rows, columns, 0, body);
    }

    /**
     * Runs {@code body} over the rows and returns the sum of the blocks' {@code partial} arrays of {@code width}
     * elements, added in block order.
     */
    public static double[] sum(long rows, long columns, int width, Body body) {
        int n = Math.toIntExact(rows);
        int perBlock = (int) Math.max(1, BLOCK_ELEMENTS / Math.max(1, columns));
        int blocks = (n + perBlock - 1) / perBlock;
        double[][] partials = new double[blocks][width];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int first = b * perBlock;
            body.rows(first, Math.min(perBlock, n - first), SCRATCH.get(), partials[b]);
        });
        double[] total = new double[width];
        for (double[] p : partials) {
            for (int i = 0; i < width; i++) {
                total[i] += p[i];
            }
        }
        return total;
    }

    /** The sums of the columns of a matrix (2-D, float or double). */
    public static double[] columnSums(INDArray m) {
        int columns = (int) m.columns();
        DirectArray memory = DirectArray.of(m.ordering() == 'c' ? m : m.dup('c'));
        return sum(m.rows(), columns, columns, (first, count, scratch, partial) -> {
            if (memory.isFloat()) { // the block's rows in one read, no conversion pass: same sums, same order
                float[] rows = scratch.floats(0, count * columns);
                memory.readFloats(first * columns, rows, count * columns);
                for (int r = 0; r < count; r++) {
                    for (int j = 0; j < columns; j++) {
                        partial[j] += rows[r * columns + j];
                    }
                }
                return;
            }
            double[] row = scratch.get(0, columns);
            for (int r = first; r < first + count; r++) {
                memory.read(r * columns, row, columns);
                for (int j = 0; j < columns; j++) {
                    partial[j] += row[j];
                }
            }
        });
    }

    /** Per-thread working arrays, reused across calls: a kernel asks for slot k of at least n elements. */
    public static final class Scratch {
        private final double[][] slots = new double[8][0];
        private final float[][] floatSlots = new float[4][0];

        public double[] get(int slot, int n) {
            if (slots[slot].length < n) {
                slots[slot] = new double[n];
            }
            return slots[slot];
        }

        /** Float slot k (apart from the double ones) of at least n elements. */
        public float[] floats(int slot, int n) {
            if (floatSlots[slot].length < n) {
                floatSlots[slot] = new float[n];
            }
            return floatSlots[slot];
        }
    }
}
