package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.checkpoint.SyntheticCheckpoints;
import org.loralab.format.DType;
import org.loralab.testing.NumpyCheckpoints;
import tech.tablesaw.api.Table;

/**
 * {@code loralab extract} against numpy: merging the extracted adapter into the base gives the base plus numpy's
 * truncated SVD of dW, with the rank per module that numpy's own rule gives; {@code spectrum --adapter} of the adapter
 * gives numpy's top singular values; its rank_pattern names modules by PEFT's key rule; bad input writes nothing.
 */
class ExtractCommandTest {
    @TempDir
    static Path dir;

    /** One Llama-shaped block, every update of rank 6 plus float32 rounding noise. */
    @BeforeAll
    static void checkpoints() {
        new SyntheticCheckpoints(1, 16, 24, 6, 0.2, DType.F32, 1, 5).write(dir);
    }

    /** Extracting from a checkpoint and itself: zero factors, and a warning naming every module. */
    @org.junit.jupiter.api.Test
    void anIdenticalPairWarnsThatEveryUpdateIsZero() {
        CliRun run = CliRun.of("extract", "--base", dir.resolve("base").toString(), "--tuned", dir.resolve("base").toString(),
                "--out", dir.resolve("same").toString(), "--rank", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: 7 of 7 modules have a zero update (their factors are zero): ");
    }

    private static JsonNode oracle(Path merged, String rule) {
        return NumpyCheckpoints.run("extract", dir.resolve("base/model.safetensors").toString(),
                dir.resolve("tuned/model.safetensors").toString(), merged.toString(), rule);
    }

    private static void roundTrip(String name, String rule, String... choice) throws Exception {
        Path adapter = dir.resolve(name);
        String[] args = new String[6 + choice.length];
        System.arraycopy(new String[] {"extract", "--base", dir.resolve("base").toString(), "--tuned", dir.resolve("tuned").toString(),
                "--out"}, 0, args, 0, 6);
        args = java.util.Arrays.copyOf(args, 7 + choice.length);
        args[6] = adapter.toString();
        System.arraycopy(choice, 0, args, 7, choice.length);
        CliRun run = CliRun.of(args);
        assertThat(run.status()).as(run.err()).isZero();
        Path merged = dir.resolve(name + "-merged.safetensors");
        CliRun merge = CliRun.of("merge-adapter", "--base", dir.resolve("base").toString(), "--adapter", adapter.toString(),
                "--out", merged.toString());
        assertThat(merge.status()).as(merge.err()).isZero();
        JsonNode want = oracle(merged, rule);
        Table extraction = Table.read().csv(adapter.resolve("extraction.csv").toFile());
        assertThat(extraction.rowCount()).isEqualTo(7);
        Path spectrum = dir.resolve(name + "-spectrum");
        CliRun spec = CliRun.of("spectrum", "--adapter", adapter.toString(), "--out", spectrum.toString());
        assertThat(spec.status()).as(spec.err()).isZero();
        Table sigma = Table.read().csv(spectrum.resolve("spectrum.csv").toFile());
        double worst = 0;
        for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
            String tensor = it.next();
            JsonNode w = want.get(tensor);
            String module = tensor.replaceAll("\\.weight$", "");
            // factors and merged weights are stored in float32: rounding of a few eps_f times |W|
            double error = w.get(0).asDouble() / w.get(1).asDouble();
            worst = Math.max(worst, error);
            assertThat(error).as(tensor + ": merged against numpy's truncated SVD").isLessThan(5e-7);
            Table row = extraction.where(extraction.stringColumn("module").isEqualTo(module));
            assertThat(row.intColumn("rank").get(0)).as(tensor + " rank").isEqualTo(w.get(2).asInt());
            Table values = sigma.where(sigma.stringColumn("tensor").isEqualTo(tensor));
            assertThat(values.rowCount()).as(tensor).isEqualTo(w.get(2).asInt());
            for (int i = 0; i < values.rowCount(); i++) {
                double expected = w.get(3).get(i).asDouble();
                assertThat(values.doubleColumn("sigma").get(i)).as(tensor + " sigma " + i)
                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6 * w.get(3).get(0).asDouble()));
            }
        }
        System.out.printf("extract %s: merged adapter against numpy's truncated SVD, worst max error / max |W| %.2e%n", rule,
                worst);
    }

    @Test
    void aFixedRankAdapterMergesIntoTheTruncatedSvd() throws Exception {
        roundTrip("rank", "rank:3", "--rank", "3");
    }

    @Test
    void anEnergyShareGivesEachModuleItsOwnRankInRankPattern() throws Exception {
        roundTrip("energy", "energy:0.9", "--energy", "0.9");
        JsonNode config = new ObjectMapper().readTree(dir.resolve("energy/adapter_config.json").toFile());
        Table extraction = Table.read().csv(dir.resolve("energy/extraction.csv").toFile());
        int r = config.get("r").asInt();
        for (int i = 0; i < extraction.rowCount(); i++) {
            String module = extraction.stringColumn("module").get(i);
            int rank = extraction.intColumn("rank").get(i);
            JsonNode pattern = config.get("rank_pattern").get(module);
            assertThat(pattern == null ? r : pattern.asInt()).as(module).isEqualTo(rank);
            assertThat(extraction.doubleColumn("kept_energy").get(i)).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void aBudgetIsSpentAndNeverExceeded() throws Exception {
        Path adapter = dir.resolve("budget");
        CliRun run = CliRun.of("extract", "--base", dir.resolve("base").toString(), "--tuned", dir.resolve("tuned").toString(),
                "--budget", "1200", "--out", adapter.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Table extraction = Table.read().csv(adapter.resolve("extraction.csv").toFile());
        long spent = (long) extraction.numberColumn("parameters").sum();
        // rank 1 everywhere costs 4 (16 + 16) + 3 (24 + 16) = 248; the cheapest further rank costs 32
        assertThat(spent).isLessThanOrEqualTo(1200).isGreaterThan(1200 - 40);
    }

    /** Sharded bfloat16 checkpoints: every update is rank 6 plus rounding noise, so 99% of its energy needs at most 6. */
    @Test
    void shardedBfloat16CheckpointsGiveThePlantedRank(@TempDir Path work) throws IOException {
        new SyntheticCheckpoints(2, 16, 24, 6, 0.2, DType.BF16, 2, 9).write(work);
        CliRun run = CliRun.of("extract", "--base", work.resolve("base").toString(), "--tuned", work.resolve("tuned").toString(),
                "--energy", "0.99", "--out", work.resolve("adapter").toString());
        assertThat(run.status()).as(run.err()).isZero();
        Table extraction = Table.read().csv(work.resolve("adapter/extraction.csv").toFile());
        assertThat(extraction.rowCount()).isEqualTo(14);
        assertThat(extraction.intColumn("rank").asList()).allSatisfy(r -> assertThat(r).isBetween(1, 6));
        assertThat(extraction.doubleColumn("kept_energy").min()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void badInputIsOneErrorLineAndWritesNothing() throws IOException {
        String b = dir.resolve("base").toString();
        String t = dir.resolve("tuned").toString();
        Path out = dir.resolve("refused");
        String[][] cases = {
                {"extract", "--base", b, "--tuned", t, "--out", out.toString()},
                {"extract", "--base", b, "--tuned", t, "--rank", "2", "--energy", "0.9", "--out", out.toString()},
                {"extract", "--base", b, "--tuned", t, "--energy", "1.5", "--out", out.toString()},
                {"extract", "--base", b, "--tuned", t, "--rank", "0", "--out", out.toString()},
                {"extract", "--base", b, "--tuned", t, "--budget", "100", "--out", out.toString()},
                {"extract", "--base", b, "--tuned", t, "--rank", "2", "--modules", "(", "--out", out.toString()},
                {"extract", "--base", b, "--tuned", t, "--rank", "2", "--modules", "nothing_matches", "--out", out.toString()},
                {"extract", "--base", b, "--tuned", dir.resolve("missing").toString(), "--rank", "2", "--out", out.toString()}};
        for (String[] args : cases) {
            CliRun run = CliRun.of(args);
            assertThat(run.status()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(2);
            // progress lines may come first (a budget is checked against the shapes it reads); one error line ends it
            java.util.List<String> lines = run.err().strip().lines().toList();
            assertThat(lines.stream().filter(l -> l.startsWith("error: "))).as(run.err()).hasSize(1);
            assertThat(lines.get(lines.size() - 1)).startsWith("error: ");
            assertThat(out).doesNotExist();
        }
        Files.createDirectories(out.resolve("kept"));
        CliRun notEmpty = CliRun.of("extract", "--base", b, "--tuned", t, "--rank", "2", "--out", out.toString());
        assertThat(notEmpty.status()).isEqualTo(2);
        assertThat(notEmpty.err()).contains("--out is not empty");
        try (var left = Files.list(out)) {
            assertThat(left.toList()).containsExactly(out.resolve("kept"));
        }
    }
}
