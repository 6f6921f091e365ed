package org.loralab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;

class IdxFileTest {

    /** An IDX file written by hand: magic, sizes, unsigned bytes. */
    private static byte[] idx(int type, int[] shape, int elements) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(type << 8 | shape.length);
        for (int d : shape) {
            out.writeInt(d);
        }
        for (int i = 0; i < elements; i++) {
            out.writeByte(i * 7);
        }
        return bytes.toByteArray();
    }

    private static Path gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    @Test
    void readsPlainAndGzipFiles(@TempDir Path dir) throws IOException {
        byte[] content = idx(0x08, new int[] {3, 2, 2}, 12);
        IdxFile plain = IdxFile.read(Files.write(dir.resolve("x-idx3-ubyte"), content));
        IdxFile zipped = IdxFile.read(gzip(dir.resolve("x-idx3-ubyte.gz"), content));
        assertThat(plain.shape()).containsExactly(3, 2, 2);
        assertThat(zipped.values()).containsExactly(plain.values());
        assertThat(plain.values()[11]).isEqualTo((11 * 7) & 0xff); // unsigned
    }

    @Test
    void corruptFilesAreClearErrors(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.gz");
        assertThatThrownBy(() -> IdxFile.read(missing)).isInstanceOf(BadInputException.class).hasMessageContaining("no such file");
        byte[] good = idx(0x08, new int[] {4, 3}, 12);
        Path short1 = Files.write(dir.resolve("short"), Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> IdxFile.read(short1)).hasMessageContaining("truncated");
        Path longer = Files.write(dir.resolve("long"), Arrays.copyOf(good, good.length + 3));
        assertThatThrownBy(() -> IdxFile.read(longer)).hasMessageContaining("data after the 12 elements");
        byte[] badMagic = good.clone();
        badMagic[0] = 0x13;
        Path magic = Files.write(dir.resolve("magic"), badMagic);
        assertThatThrownBy(() -> IdxFile.read(magic)).hasMessageContaining("is not an IDX header");
        Path type = Files.write(dir.resolve("type"), idx(0x07, new int[] {2}, 2));
        assertThatThrownBy(() -> IdxFile.read(type)).hasMessageContaining("is not an IDX header");
        Path zero = Files.write(dir.resolve("zero"), idx(0x08, new int[] {0, 3}, 0));
        assertThatThrownBy(() -> IdxFile.read(zero)).hasMessageContaining("dimension 0 is 0");
        Path huge = Files.write(dir.resolve("huge"), idx(0x08, new int[] {65536, 65536}, 4));
        assertThatThrownBy(() -> IdxFile.read(huge)).hasMessageContaining("too large");
        Path notGzip = Files.write(dir.resolve("fake.gz"), good);
        assertThatThrownBy(() -> IdxFile.read(notGzip)).hasMessageContaining("not valid gzip");
    }

    @Test
    void fashionMnistFromDebianWhenInstalled() {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        org.loralab.testing.RequiredTool.require(Files.isDirectory(dir), "dataset-fashion-mnist");
        IdxFile labels = IdxFile.read(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        IdxFile images = IdxFile.read(dir.resolve("t10k-images-idx3-ubyte.gz"));
        assertThat(labels.shape()).containsExactly(10000);
        assertThat(images.shape()).containsExactly(10000, 28, 28);
        // the test set has 1,000 images of each of the 10 classes
        int[] counts = new int[10];
        for (double l : labels.values()) {
            counts[(int) l]++;
        }
        assertThat(counts).containsOnly(1000);
        assertThat(Arrays.stream(images.values()).max().orElseThrow()).isEqualTo(255);
    }
}
