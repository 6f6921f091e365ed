package org.loralab.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;

class SafetensorsFileTest {

    @Test
    void everyFloatDtypeRoundTripsBitExactly(@TempDir Path dir) {
        double[] halves = new double[65536];
        double[] brains = new double[65536];
        for (int h = 0; h < 65536; h++) {
            halves[h] = HalfFloats.f16ToFloat((short) h);
            brains[h] = HalfFloats.bf16ToFloat((short) h);
        }
        SplittableRandom rng = new SplittableRandom(5);
        double[] floats = new double[10000];
        double[] doubles = new double[10000];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = Float.intBitsToFloat(rng.nextInt());
            doubles[i] = Double.longBitsToDouble(rng.nextLong());
        }
        Path file = dir.resolve("all.safetensors");
        SafetensorsWriter.write(file, List.of(
                SafetensorsWriter.Tensor.of("half", DType.F16, new long[] {256, 256}, halves),
                SafetensorsWriter.Tensor.of("brain", DType.BF16, new long[] {65536}, brains),
                SafetensorsWriter.Tensor.of("single", DType.F32, new long[] {100, 100}, floats),
                SafetensorsWriter.Tensor.of("double", DType.F64, new long[] {10, 10, 100}, doubles)),
                Map.of("format", "pt"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThat(f.tensors().keySet()).containsExactly("half", "brain", "single", "double");
            assertThat(f.metadata()).containsEntry("format", "pt");
            assertThat(f.info("half").shape()).containsExactly(256, 256);
            double[] h = f.read("half");
            double[] b = f.read("brain");
            for (int i = 0; i < 65536; i++) {
                if (!Double.isNaN(halves[i])) {
                    assertThat(HalfFloats.floatToF16((float) h[i])).isEqualTo((short) i);
                }
                if (!Double.isNaN(brains[i])) {
                    assertThat(HalfFloats.floatToBf16((float) b[i])).isEqualTo((short) i);
                }
            }
            double[] s = f.read("single");
            double[] d = f.read("double");
            for (int i = 0; i < floats.length; i++) {
                if (!Double.isNaN(floats[i])) {
                    assertThat(Float.floatToRawIntBits((float) s[i])).isEqualTo(Float.floatToRawIntBits((float) floats[i]));
                }
                assertThat(Double.doubleToRawLongBits(d[i])).isEqualTo(Double.doubleToRawLongBits(doubles[i]));
            }
        }
    }

    /** The layout read back by hand: 8-byte length, JSON padded to 8 bytes, data in order, little-endian. */
    @Test
    void layoutFollowsTheFormat(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.safetensors");
        SafetensorsWriter.write(file, List.of(SafetensorsWriter.Tensor.of("w", DType.F32, new long[] {2, 2},
                new double[] {1, 2, 3, 4})), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim();
        assertThat(header).isEqualTo("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}");
        assertThat(bytes).hasSize((int) (8 + n + 16));
        for (int i = 0; i < 4; i++) {
            assertThat(b.getFloat((int) (8 + n + 4 * i))).isEqualTo(i + 1f);
        }
    }

    private static Path withHeader(Path dir, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path file = dir.resolve("hostile.safetensors");
        Files.write(file, b.array());
        return file;
    }

    @Test
    void hostileHeadersAreClearErrors(@TempDir Path dir) throws IOException {
        String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        assertThat(SafetensorsFile.open(withHeader(dir, ok, 16)).tensors()).containsKey("w");
        Map<String, String> cases = Map.of(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}", "not valid JSON",
                "{\"w\":{\"dtype\":\"Q7\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", "tensor 'w': unknown dtype",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[8,24]}}", "lie outside the 16 data bytes",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}", "16 bytes do not hold shape [2,3]",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                        + "\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "overlap",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,16]}}", "absurdly large",
                "[1, 2]", "not a JSON object");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = withHeader(dir, c.getKey(), 16);
            assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": ").hasMessageContaining(c.getValue());
        }
    }

    @Test
    void truncatedOrImpossibleLengthsAreClearErrors(@TempDir Path dir) throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsFile.open(tiny)).hasMessageContaining("too short");
        for (long length : new long[] {1L << 60, -1L, 5000}) {
            ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
            Path file = Files.write(dir.resolve("len.safetensors"), b.array());
            assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("header length");
        }
        // a valid file cut short: the data no longer covers the offsets
        Path good = dir.resolve("good.safetensors");
        SafetensorsWriter.write(good, List.of(SafetensorsWriter.Tensor.of("w", DType.F64, new long[] {4, 4},
                new double[16])), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length - 9));
        assertThatThrownBy(() -> SafetensorsFile.open(cut)).hasMessageContaining("tensor 'w'").hasMessageContaining("outside");
    }
}
