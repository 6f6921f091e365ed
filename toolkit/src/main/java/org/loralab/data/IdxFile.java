package org.loralab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.loralab.BadInputException;

/**
 * A file in the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed: a magic number
 * {@code 0x0000TTDD} (TT the element type, DD the number of dimensions), DD big-endian 32-bit sizes, then the
 * elements, big-endian, row-major. Checked as untrusted: the magic number, the type, positive sizes whose
 * product is bounded, and exactly that many elements (a short or a long file is an error).
 *
 * @param path   where it was read from
 * @param shape  the dimensions
 * @param values every element, row-major, as double (unsigned bytes become 0..255)
 */
public record IdxFile(Path path, int[] shape, double[] values) {
    /** The most elements accepted (2^31 - 9, the largest Java array). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Reads and checks {@code path}; a name ending in {@code .gz} is decompressed. */
    public static IdxFile read(Path path) {
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xff;
            int dims = magic & 0xff;
            if ((magic >>> 16) != 0 || dims < 1 || elementSize(type) == 0) {
                throw bad(path, String.format("magic number 0x%08x is not an IDX header", magic));
            }
            int[] shape = new int[dims];
            long count = 1;
            for (int i = 0; i < dims; i++) {
                shape[i] = data.readInt();
                if (shape[i] < 1) {
                    throw bad(path, "dimension " + i + " is " + shape[i]);
                }
                count *= shape[i];
                if (count > MAX_ELEMENTS) {
                    throw bad(path, "shape " + Arrays.toString(Arrays.copyOf(shape, i + 1)) + " is too large");
                }
            }
            double[] values = new double[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (type) {
                    case 0x08 -> data.readUnsignedByte();
                    case 0x09 -> data.readByte();
                    case 0x0B -> data.readShort();
                    case 0x0C -> data.readInt();
                    case 0x0D -> data.readFloat();
                    default -> data.readDouble();
                };
            }
            if (data.read() != -1) {
                throw bad(path, "has data after the " + count + " elements of shape " + Arrays.toString(shape));
            }
            return new IdxFile(path, shape, values);
        } catch (NoSuchFileException e) {
            throw bad(path, "no such file");
        } catch (EOFException e) {
            throw bad(path, "ends before the elements its header announces (truncated?)");
        } catch (ZipException e) {
            throw bad(path, "is not valid gzip (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw bad(path, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Bytes per element of an IDX type code, 0 when the code is not one. */
    static int elementSize(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
    }

    private static BadInputException bad(Path path, String message) {
        return new BadInputException(path + ": " + message);
    }
}
