package org.loralab.linalg;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of a dense row-major float or double array, read and written in runs of elements as doubles: the
 * toolkit's own kernels ({@link RowBlocks}) compute in double whatever the storage, so one loop serves both types.
 */
public final class DirectArray {
    private static final ThreadLocal<float[][]> STAGING = ThreadLocal.withInitial(() -> new float[1][0]);
    // The buffers are views of native memory that the array owns and frees when it is collected: keep it reachable
    // until each access is done, or a collection in the middle of one (JavaCPP's memory bounds trigger them) frees it.
    private final INDArray owner;
    private final FloatBuffer floats;   // exactly one of the two is set
    private final DoubleBuffer doubles;
    private final int offset;
    private final long length;

    private DirectArray(INDArray a) {
        if (!isDense(a) || a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("needs a dense row-major array of under 2^31 elements, got shape "
                    + Arrays.toString(a.shape()) + " strides " + Arrays.toString(a.stride()) + " order " + a.ordering());
        }
        owner = a;
        offset = Math.toIntExact(a.offset());
        length = a.length();
        if (a.dataType() == DataType.FLOAT) {
            floats = a.data().asNioFloat();
            doubles = null;
        } else if (a.dataType() == DataType.DOUBLE) {
            doubles = a.data().asNioDouble();
            floats = null;
        } else {
            throw new IllegalArgumentException("needs float32 or float64, got " + a.dataType());
        }
    }

    /** Access to {@code a}, which must be dense and row-major (as new arrays and their reshapes are). */
    public static DirectArray of(INDArray a) {
        return new DirectArray(a);
    }

    /** Whether {@code a} is dense and row-major, so that {@link #of} accepts it without a copy. */
    public static boolean isDense(INDArray a) {
        return a.ordering() == 'c' && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }

    /** {@code a} itself when it is {@link #isDense dense}, else a dense copy of it. */
    public static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    public long length() {
        return length;
    }

    private static float[] staging(int count) {
        float[][] holder = STAGING.get();
        if (holder[0].length < count) {
            holder[0] = new float[count];
        }
        return holder[0];
    }

    /** Elements [from, from + count) into {@code to[0, count)}. */
    public void read(int from, double[] to, int count) {
        int start = offset + from;
        if (floats != null) {
            float[] staged = staging(count);
            floats.get(start, staged, 0, count); // bulk copy, then a conversion loop the JIT vectorizes
            for (int i = 0; i < count; i++) {
                to[i] = staged[i];
            }
        } else {
            doubles.get(start, to, 0, count);
        }
        Reference.reachabilityFence(owner);
    }

    /** Whether the elements are stored as float32 ({@link #readFloats}, {@link #writeFloats} apply). */
    public boolean isFloat() {
        return floats != null;
    }

    /** Elements [from, from + count) of a float array into {@code to[0, count)}, as they are. */
    public void readFloats(int from, float[] to, int count) {
        floats.get(offset + from, to, 0, count);
        Reference.reachabilityFence(owner);
    }

    /** {@code values[0, count)} into elements [from, from + count) of a float array. */
    public void writeFloats(int from, float[] values, int count) {
        floats.put(offset + from, values, 0, count);
        Reference.reachabilityFence(owner);
    }

    /** {@code values[0, count)} into elements [from, from + count), rounded to float when stored as float. */
    public void write(int from, double[] values, int count) {
        int start = offset + from;
        if (floats != null) {
            float[] staged = staging(count);
            for (int i = 0; i < count; i++) {
                staged[i] = (float) values[i];
            }
            floats.put(start, staged, 0, count);
        } else {
            doubles.put(start, values, 0, count);
        }
        Reference.reachabilityFence(owner);
    }
}
