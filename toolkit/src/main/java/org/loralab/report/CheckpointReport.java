package org.loralab.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.loralab.checkpoint.CheckpointAnalysis;
import org.loralab.format.ModuleName;
import org.loralab.io.AtomicFiles;
import org.loralab.spectrum.RankMetric;
import org.loralab.spectrum.SpectrumMetrics;
import org.loralab.spectrum.SpectrumTables;
import org.loralab.spectrum.UpdateSpectrum;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The outputs of {@code loralab spectrum}: {@code layers.csv}, {@code spectrum.csv}, {@code report.md} (a
 * table by layer, the rank metrics by module type and by depth, figures) into a folder, each file atomically.
 */
public final class CheckpointReport {
    private CheckpointReport() {
    }

    /**
     * @param what    one line saying what was compared (the inputs)
     * @param method  how the singular values were computed
     * @param seconds the analysis time
     */
    public static void write(CheckpointAnalysis.Result result, Path outDir, String what, String method, double seconds) {
        List<UpdateSpectrum> spectra = result.spectra();
        ReportWriter.writeCsv(SpectrumTables.layers(spectra), outDir.resolve("layers.csv"));
        ReportWriter.writeCsv(SpectrumTables.spectrum(spectra), outDir.resolve("spectrum.csv"));
        List<Figure> figures = figures(spectra);
        for (Figure f : figures) {
            AtomicFiles.write(outDir.resolve("figures").resolve(f.name() + ".png"), tmp -> Files.write(tmp, f.png()));
        }
        ReportDocument doc = new ReportDocument("Update spectra of a checkpoint");
        doc.paragraph(what);
        doc.paragraph(String.format(Locale.ROOT, "%d matrices analysed, %d tensors skipped, in %.1f s. Singular values: %s.",
                spectra.size(), result.skipped().size(), seconds, method));
        doc.heading("By module type");
        doc.paragraph("`energy_rank_90`: the smallest k whose top-k singular values hold 90% of ||dW||_F^2 (empty where the"
                + " computed values do not reach it); `relative_update` = ||dW||_F / ||W||_F.");
        doc.table(byType(spectra), ReportDocument.CellFormat.READABLE);
        doc.heading("By depth");
        doc.paragraph("Depth is the block index in the tensor name; -1 collects tensors outside numbered blocks.");
        doc.table(byDepth(spectra), ReportDocument.CellFormat.READABLE);
        figures.forEach(f -> markdownFigure(doc, f));
        doc.heading("Every layer");
        doc.table(SpectrumTables.layers(spectra).removeColumns(RankMetric.NUCLEAR_NORM.column(), RankMetric.ENTROPY_RANK.column(),
                RankMetric.PARTICIPATION_RATIO.column()),
                ReportDocument.CellFormat.READABLE);
        if (!result.skipped().isEmpty()) {
            doc.heading("Skipped");
            doc.bullets(result.skipped().stream().map(s -> "`" + s.tensor() + "`: " + s.reason()).toList());
        }
        AtomicFiles.writeString(outDir.resolve("report.md"), doc.markdown());
    }

    /** The report's figures: energy_rank_90 by depth per module type, and normalised spectra per module type. */
    public static List<Figure> figures(List<UpdateSpectrum> spectra) {
        return List.of(energyRankByDepth(spectra), spectraByType(spectra));
    }

    private static void markdownFigure(ReportDocument doc, Figure f) {
        doc.paragraph("![" + f.caption() + "](figures/" + f.name() + ".png)");
        doc.paragraph("*" + f.caption() + "*");
    }

    /** Per module type: count, mean/min/max energy rank 90, mean stable rank, mean relative update. */
    static Table byType(List<UpdateSpectrum> spectra) {
        Map<String, List<UpdateSpectrum>> groups = spectra.stream().collect(Collectors.groupingBy(
                s -> ModuleName.of(s.tensor()).type(), TreeMap::new, Collectors.toList()));
        StringColumn type = StringColumn.create("module_type");
        IntColumn count = IntColumn.create("tensors");
        DoubleColumn meanRank = DoubleColumn.create(RankMetric.ENERGY_RANK_90.column() + "_mean");
        IntColumn minRank = IntColumn.create(RankMetric.ENERGY_RANK_90.column() + "_min");
        IntColumn maxRank = IntColumn.create(RankMetric.ENERGY_RANK_90.column() + "_max");
        DoubleColumn stable = DoubleColumn.create(RankMetric.STABLE_RANK.column() + "_mean");
        DoubleColumn relative = DoubleColumn.create("relative_update_mean");
        groups.forEach((name, group) -> {
            type.append(name);
            count.append(group.size());
            int[] ranks = group.stream().mapToInt(s -> s.metrics().energyRank90()).toArray();
            boolean known = java.util.Arrays.stream(ranks).noneMatch(r -> r == SpectrumMetrics.UNKNOWN);
            appendOrMissing(meanRank, known ? java.util.Arrays.stream(ranks).average().orElse(Double.NaN) : Double.NaN);
            if (known) {
                minRank.append(java.util.Arrays.stream(ranks).min().orElse(0));
                maxRank.append(java.util.Arrays.stream(ranks).max().orElse(0));
            } else {
                minRank.appendMissing();
                maxRank.appendMissing();
            }
            stable.append(group.stream().mapToDouble(s -> s.metrics().stableRank()).average().orElse(Double.NaN));
            appendOrMissing(relative, group.stream().filter(s -> s.relativeUpdate().isPresent())
                    .mapToDouble(s -> s.relativeUpdate().getAsDouble()).average().orElse(Double.NaN));
        });
        return Table.create("by module type", type, count, meanRank, minRank, maxRank, stable, relative);
    }

    /** energy_rank_90 by depth (rows) and module type (columns). */
    static Table byDepth(List<UpdateSpectrum> spectra) {
        List<String> types = spectra.stream().map(s -> ModuleName.of(s.tensor()).type()).distinct().sorted().toList();
        TreeMap<Integer, Map<String, Integer>> cells = new TreeMap<>();
        for (UpdateSpectrum s : spectra) {
            ModuleName m = ModuleName.of(s.tensor());
            cells.computeIfAbsent(m.depth(), d -> new TreeMap<>()).put(m.type(), s.metrics().energyRank90());
        }
        IntColumn depth = IntColumn.create("depth");
        List<IntColumn> columns = new ArrayList<>();
        types.forEach(t -> columns.add(IntColumn.create(t)));
        cells.forEach((d, row) -> {
            depth.append(d);
            for (int i = 0; i < types.size(); i++) {
                Integer v = row.get(types.get(i));
                if (v == null || v == SpectrumMetrics.UNKNOWN) {
                    columns.get(i).appendMissing();
                } else {
                    columns.get(i).append(v);
                }
            }
        });
        Table t = Table.create(RankMetric.ENERGY_RANK_90.column() + " by depth", depth);
        columns.forEach(t::addColumns);
        return t;
    }

    private static Figure energyRankByDepth(List<UpdateSpectrum> spectra) {
        XYChart chart = Charts.chart(RankMetric.ENERGY_RANK_90.column() + " of dW by depth", "depth (block index)", RankMetric.ENERGY_RANK_90.column());
        Map<String, List<UpdateSpectrum>> byType = spectra.stream().collect(Collectors.groupingBy(
                s -> ModuleName.of(s.tensor()).type(), TreeMap::new, Collectors.toList()));
        byType.forEach((type, group) -> {
            List<UpdateSpectrum> known = group.stream().filter(s -> s.metrics().energyRank90() != SpectrumMetrics.UNKNOWN
                            && ModuleName.of(s.tensor()).depth() >= 0)
                    .sorted(Comparator.comparingInt(s -> ModuleName.of(s.tensor()).depth())).toList();
            if (!known.isEmpty()) {
                chart.addSeries(type, known.stream().mapToDouble(s -> ModuleName.of(s.tensor()).depth()).toArray(),
                        known.stream().mapToDouble(s -> s.metrics().energyRank90()).toArray());
            }
        });
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("none reached within the computed values", new double[] {0}, new double[] {0});
        }
        return Charts.figure("energy-rank-by-depth", "energy_rank_90 of each update by depth, one line per module type"
                + " (tensors outside numbered blocks, such as a head, are in the tables only).", chart);
    }

    private static Figure spectraByType(List<UpdateSpectrum> spectra) {
        XYChart chart = Charts.chart("Normalised singular values sigma_i / sigma_1 (one tensor per module type, middle depth)",
                "index i", "sigma_i / sigma_1 (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        Map<String, List<UpdateSpectrum>> byType = spectra.stream().collect(Collectors.groupingBy(
                s -> ModuleName.of(s.tensor()).type(), TreeMap::new, Collectors.toList()));
        byType.forEach((type, group) -> {
            UpdateSpectrum s = group.get(group.size() / 2);
            double s1 = s.sigma().length == 0 ? 0 : s.sigma()[0];
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < s.sigma().length; i++) {
                if (s1 > 0 && s.sigma()[i] > 1e-16 * s1) { // a log axis cannot show exact zeros
                    points.add(new double[] {i + 1, s.sigma()[i] / s1});
                }
            }
            if (!points.isEmpty()) {
                chart.addSeries(s.tensor(), points.stream().mapToDouble(p -> p[0]).toArray(),
                        points.stream().mapToDouble(p -> p[1]).toArray());
            }
        });
        if (chart.getSeriesMap().isEmpty()) {
            chart.getStyler().setYAxisLogarithmic(false);
            chart.addSeries("all updates are zero", new double[] {1}, new double[] {0});
        }
        return Charts.figure("spectra-by-type", "Normalised singular values of one update per module type (the one at the"
                + " middle depth).", chart);
    }

    private static void appendOrMissing(DoubleColumn column, double value) {
        if (Double.isNaN(value)) {
            column.appendMissing();
        } else {
            column.append(value);
        }
    }
}
