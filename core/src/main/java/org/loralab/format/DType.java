package org.loralab.format;

import java.nio.ByteBuffer;

/** The element types of a safetensors file, by their header names, with their sizes in bytes. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), BOOL(1),
    F8_E4M3(1), F8_E5M2(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /**
     * Machine epsilon of a float type (the spacing of numbers at 1: 2^-52, 2^-23, 2^-10, 2^-7), used for the
     * numerical rank of weights stored in it; 0 for integer types (exact).
     */
    public double epsilon() {
        return switch (this) {
            case F64 -> Math.ulp(1.0);
            case F32 -> Math.ulp(1.0f);
            case F16 -> 0x1p-10;
            case BF16 -> 0x1p-7;
            case F8_E4M3 -> 0x1p-3;
            case F8_E5M2 -> 0x1p-2;
            default -> 0;
        };
    }

    /** Whether {@link #get} can read it as a number (the 8-bit float formats and BOOL are listed but not read). */
    public boolean readable() {
        return this != BOOL && this != F8_E4M3 && this != F8_E5M2;
    }

    /** The type named {@code name} in a header, or null when unknown. */
    public static DType parse(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The element at byte position {@code at} of a little-endian buffer, widened to double (exact for floats). */
    double get(ByteBuffer b, int at) {
        return switch (this) {
            case F64 -> b.getDouble(at);
            case F32 -> b.getFloat(at);
            case F16 -> HalfFloats.f16ToFloat(b.getShort(at));
            case BF16 -> HalfFloats.bf16ToFloat(b.getShort(at));
            case I64 -> b.getLong(at);
            case I32 -> b.getInt(at);
            case I16 -> b.getShort(at);
            case I8 -> b.get(at);
            case U64 -> unsignedLong(b.getLong(at));
            case U32 -> Integer.toUnsignedLong(b.getInt(at));
            case U16 -> Short.toUnsignedInt(b.getShort(at));
            case U8 -> Byte.toUnsignedInt(b.get(at));
            default -> throw new UnsupportedOperationException(name() + " tensors cannot be read as numbers");
        };
    }

    /**
     * {@code value} as this float type stores it, rounded once from the double to the nearest value of the type (ties
     * to even): what {@link #put} writes, read back.
     */
    public double round(double value) {
        return switch (this) {
            case F64 -> value;
            case F32 -> (float) value;
            case F16 -> HalfFloats.f16ToFloat(HalfFloats.doubleToF16(value));
            case BF16 -> HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(value));
            default -> throw new IllegalArgumentException(name() + " is not a float type");
        };
    }

    /** Writes {@code value} rounded to this type (floats round to nearest even) at byte position {@code at}. */
    void put(ByteBuffer b, int at, double value) {
        switch (this) {
            case F64 -> b.putDouble(at, value);
            case F32 -> b.putFloat(at, (float) value);
            case F16 -> b.putShort(at, HalfFloats.doubleToF16(value));  // rounded once, from the double
            case BF16 -> b.putShort(at, HalfFloats.doubleToBf16(value));
            case I64, U64 -> b.putLong(at, (long) value); // integers read as doubles are exact below 2^53
            case I32, U32 -> b.putInt(at, (int) (long) value);
            case I16, U16 -> b.putShort(at, (short) (long) value);
            case I8, U8 -> b.put(at, (byte) (long) value);
            default -> throw new UnsupportedOperationException("writing " + name() + " tensors is not supported");
        }
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
