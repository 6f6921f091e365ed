package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.results.ExperimentResults;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.testing.Specs;

/** The report's "Files" section lists exactly the tables the writer wrote, from the one list of both. */
class ReportFilesTest {

    @Test
    void theFilesSectionNamesEveryWrittenTableAndNoOther(@TempDir Path dir) throws IOException {
        String spec = Specs.SUBSPACE.replace("ranks: [4, 1, 2]", "ranks: [1, 2]").replace("seeds: [1, 2]", "seeds: [1]");
        ExperimentResults results = ExperimentRunner.run(Specs.parse(spec), dir, ExperimentRunner.Options.defaults())
                .orElseThrow();
        ReportWriter.write(results, dir, Provenance.NONE);
        List<String> written;
        try (Stream<Path> files = Files.list(dir)) {
            written = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList();
        }
        String md = Files.readString(dir.resolve("report.md"));
        String section = md.substring(md.indexOf("## Files"), md.indexOf("## Reproducibility"));
        Matcher m = Pattern.compile("^- `([a-z_]+\\.csv)`", Pattern.MULTILINE).matcher(section);
        List<String> listed = m.results().map(r -> r.group(1)).sorted().toList();
        assertThat(listed).isEqualTo(written).contains("trials.csv", "intrinsic_dimension.csv")
                .doesNotContain("forgetting.csv", "allocation.csv");
    }
}
