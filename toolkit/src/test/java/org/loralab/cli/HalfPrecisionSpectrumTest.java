package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.loralab.checkpoint.SyntheticCheckpoints;
import org.loralab.format.DType;
import org.loralab.testing.NumpyCheckpoints;
import tech.tablesaw.api.Table;

/**
 * {@code spectrum} of float16 and bfloat16 checkpoint pairs against numpy reading the same files itself: every singular
 * value of dW, and the numerical rank with the stored type's epsilon (2^-10, 2^-7), where the rounding noise of the
 * stored weights decides it: both give the planted rank 6 in every module (float32's epsilon would count the noise).
 */
class HalfPrecisionSpectrumTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F16", "BF16"})
    void singularValuesAndNumericalRankAgreeWithNumpy(DType dtype, @TempDir Path dir) {
        new SyntheticCheckpoints(1, 16, 24, 6, 0.2, dtype, 1, 8).write(dir);
        CliRun run = CliRun.of("spectrum", "--base", dir.resolve("base").toString(), "--tuned", dir.resolve("tuned").toString(),
                "--out", dir.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        Table layers = Table.read().csv(dir.resolve("out/layers.csv").toFile());
        Table spectrum = Table.read().csv(dir.resolve("out/spectrum.csv").toFile());
        JsonNode numpy = NumpyCheckpoints.run("spectrum", dir.resolve("base/model.safetensors").toString(),
                dir.resolve("tuned/model.safetensors").toString());
        assertThat(layers.rowCount()).isEqualTo(7);
        System.out.printf("%s pair: numerical ranks %s (planted rank 6, min(d, k) 16)%n", dtype,
                layers.intColumn("numerical_rank").asList());
        for (Iterator<String> it = numpy.fieldNames(); it.hasNext(); ) {
            String tensor = it.next();
            JsonNode want = numpy.get(tensor);
            Table row = layers.where(layers.stringColumn("tensor").isEqualTo(tensor));
            assertThat(row.intColumn("numerical_rank").get(0)).as(dtype + " " + tensor + " numerical_rank")
                    .isEqualTo(want.get("numerical_rank").asInt());
            assertThat(row.intColumn("energy_rank_90").get(0)).as(dtype + " " + tensor).isEqualTo(want.get("energy_rank_90").asInt());
            Table sigma = spectrum.where(spectrum.stringColumn("tensor").isEqualTo(tensor));
            double top = want.get("sigma").get(0).asDouble();
            assertThat(sigma.rowCount()).isEqualTo(want.get("sigma").size());
            for (int i = 0; i < sigma.rowCount(); i++) {
                // both SVDs of the same float64 dW (the stored values decode exactly): a few eps of sigma_1 apart
                assertThat(sigma.doubleColumn("sigma").get(i)).as(tensor + " sigma " + i)
                        .isCloseTo(want.get("sigma").get(i).asDouble(), within(1e-12 * top));
            }
        }
    }
}
