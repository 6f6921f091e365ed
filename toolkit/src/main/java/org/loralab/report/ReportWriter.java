package org.loralab.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.loralab.io.AtomicFiles;
import org.loralab.results.ExperimentResults;
import tech.tablesaw.api.Table;

/**
 * Writes an experiment's outputs into a folder, each file atomically: {@code trials.csv}, {@code learning_rates.csv},
 * {@code layers.csv}, {@code spectrum.csv}, {@code truncation.csv}, {@code forgetting.csv} (transfer tasks), {@code allocation.csv} and
 * {@code rank_allocation.csv} (energy rank allocation), {@code intrinsic_dimension.csv} (with a subspace
 * sweep), {@code figures/*.png|svg},
 * {@code report.md}, {@code report.html} and {@code run.json}. Writing into the folder of an earlier report replaces it:
 * optional tables this run has no rows for and figures it does not draw are removed, so that no stale file is left
 * beside the new report.
 */
public final class ReportWriter {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    /** @param provenance written to run.json and shown in the report */
    public static void write(ExperimentResults results, Path outDir, Provenance provenance) {
        for (ReportFiles.CsvFile f : ReportFiles.TABLES) {
            Table table = f.table().apply(results);
            if (f.always()) {
                writeCsv(table, outDir.resolve(f.name()));
            } else {
                writeIfAny(table, outDir.resolve(f.name()));
            }
        }
        ExperimentReport report = new ExperimentReport(results, provenance);
        removeFiguresOtherThan(report.figures(), outDir.resolve("figures"));
        for (Figure f : report.figures()) {
            AtomicFiles.write(outDir.resolve("figures").resolve(f.name() + ".png"), tmp -> Files.write(tmp, f.png()));
            AtomicFiles.write(outDir.resolve("figures").resolve(f.name() + ".svg"), tmp -> Files.write(tmp, f.svg()));
        }
        ReportDocument doc = report.document();
        AtomicFiles.writeString(outDir.resolve("report.md"), doc.markdown());
        AtomicFiles.writeString(outDir.resolve("report.html"), doc.html());
        AtomicFiles.write(outDir.resolve("run.json"), tmp -> JSON.writeValue(tmp.toFile(), provenance.toMap()));
    }

    private static void writeIfAny(Table table, Path file) {
        if (table.rowCount() > 0) {
            writeCsv(table, file);
        } else {
            delete(file);
        }
    }

    private static void removeFiguresOtherThan(List<Figure> figures, Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Set<String> current = figures.stream().flatMap(f -> Stream.of(f.name() + ".png", f.name() + ".svg"))
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".png") || f.toString().endsWith(".svg"))
                    .filter(f -> !current.contains(f.getFileName().toString()))
                    .forEach(ReportWriter::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + file, e);
        }
    }

    /** Writes a table as CSV (full double precision, missing values empty). */
    public static void writeCsv(Table table, Path file) {
        AtomicFiles.write(file, tmp -> table.write().csv(tmp.toFile()));
    }
}
