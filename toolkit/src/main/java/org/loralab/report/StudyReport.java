package org.loralab.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.loralab.Numbers;
import org.loralab.io.AtomicFiles;
import org.loralab.study.FractionEstimate;
import org.loralab.study.RankEstimate;
import org.loralab.study.StudyAxis;
import org.loralab.study.StudyPoint;
import org.loralab.study.StudyResults;
import org.loralab.study.StudyValue;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A study's report, on top of each point's own report: {@code study.csv} (one row per axis value and seed),
 * {@code report.md} and {@code report.html} (the verdict per axis, a table per axis with intervals, figures, threats
 * carried over from the points), {@code figures/} and {@code run.json}.
 */
public final class StudyReport {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final StudyResults results;

    public StudyReport(StudyResults results) {
        this.results = results;
    }

    /** Writes every file of the report into {@code outDir}, each atomically; {@code provenance} goes to run.json. */
    public void write(Path outDir, Map<String, Object> provenance) {
        ReportWriter.writeCsv(results.table(), outDir.resolve("study.csv"));
        List<Figure> figures = figures();
        for (Figure f : figures) {
            AtomicFiles.write(outDir.resolve("figures").resolve(f.name() + ".png"), tmp -> Files.write(tmp, f.png()));
            AtomicFiles.write(outDir.resolve("figures").resolve(f.name() + ".svg"), tmp -> Files.write(tmp, f.svg()));
        }
        ReportDocument doc = document(provenance, figures);
        AtomicFiles.writeString(outDir.resolve("report.md"), doc.markdown());
        AtomicFiles.writeString(outDir.resolve("report.html"), doc.html());
        AtomicFiles.write(outDir.resolve("run.json"), tmp -> JSON.writeValue(tmp.toFile(), provenance));
    }

    /** The verdict: per axis, how r90 (absolute and relative to the width), d90 and the full update's rank move. */
    public List<String> verdict() {
        List<String> lines = new ArrayList<>();
        for (StudyAxis axis : results.study().axes()) {
            List<StudyValue> values = sorted(axis);
            String name = axis.name();
            lines.add(trend("LoRA's r90", name, values, StudyValue::r90, false));
            lines.add(trend("r90 / module width", name, values, StudyValue::r90Relative, true));
            if (values.stream().allMatch(v -> v.d90().isPresent())) {
                lines.add(trend("the random subspace's d90", name, values, v -> v.d90().orElseThrow(), false));
                lines.add(trend("d90 / the parameters it reaches", name, values, v -> v.d90Relative().orElseThrow(), true));
            }
            lines.add(energyLine(name, values));
        }
        return lines;
    }

    /**
     * "falls" when the interval at the largest value lies wholly below the one at the smallest, "rises" when wholly
     * above, otherwise no clear trend; with the medians at every value.
     */
    static String trend(String what, String axis, List<StudyValue> values, Function<StudyValue, RankEstimate> of,
                        boolean relative) {
        RankEstimate first = of.apply(values.get(0));
        RankEstimate last = of.apply(values.get(values.size() - 1));
        if (values.stream().allMatch(v -> Double.isInfinite(of.apply(v).median()))) {
            return String.format(Locale.ROOT, "**%s is not reached at any %s** (%s): no swept size recovers 90%% of full "
                    + "fine-tuning's improvement in the median seed, so the data say nothing about its trend.", what, axis,
                    String.join(", ", values.stream().map(v -> Numbers.compact(v.value())).toList()));
        }
        String direction;
        if (last.high() < first.low()) {
            direction = "falls";
        } else if (last.low() > first.high()) {
            direction = "rises";
        } else {
            direction = "shows no clear trend (the 95% intervals at the smallest and largest value overlap)";
        }
        List<String> byValue = values.stream().map(v -> Numbers.compact(v.value()) + ": " + show(of.apply(v).median(), relative))
                .toList();
        return String.format(Locale.ROOT, "**%s %s with %s**: median %s (95%% interval %s) at %s = %s, %s (%s) at %s = %s."
                        + " Medians by %s: %s.", what, direction, axis, show(first.median(), relative), interval(first, relative),
                axis, Numbers.compact(values.get(0).value()), show(last.median(), relative), interval(last, relative), axis,
                Numbers.compact(values.get(values.size() - 1).value()), axis, String.join("; ", byValue));
    }

    private static String energyLine(String axis, List<StudyValue> values) {
        return "Full fine-tuning's update, energy_rank_90 / min(d, k) (mean over modules and seeds): " + String.join("; ",
                values.stream().map(v -> Numbers.compact(v.value()) + ": " + show(v.energyRankRelative().mean(), true)
                        + " (" + show(v.energyRankRelative().low(), true) + " to " + show(v.energyRankRelative().high(), true)
                        + ")").toList()) + " by " + axis + ".";
    }

    /** A rank (or a share of one) for text: "not reached" for infinity, 3 significant digits for shares. */
    static String show(double v, boolean relative) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return "not reached";
        }
        return relative ? String.format(Locale.ROOT, "%.3g", v) : Numbers.compact(Math.round(v * 2) / 2.0);
    }

    static String interval(RankEstimate e, boolean relative) {
        if (Double.isNaN(e.low())) {
            return "no per-example scores";
        }
        return show(e.low(), relative) + " to " + (Double.isInfinite(e.high()) ? "not reached" : show(e.high(), relative));
    }

    private List<StudyValue> sorted(StudyAxis axis) {
        List<StudyValue> values = new ArrayList<>(results.values(axis));
        values.sort(Comparator.comparingDouble(StudyValue::value));
        return values;
    }

    /** Per axis: one row per value with the medians, means and intervals the verdict reads, and the cost. */
    public Table table(StudyAxis axis) {
        List<Integer> ranks = results.commonRanks(axis);
        int shown = ranks.contains(4) ? 4 : ranks.get(0);
        StringColumn value = StringColumn.create(axis.name());
        StringColumn point = StringColumn.create("experiment");
        StringColumn params = StringColumn.create("parameters");
        StringColumn width = StringColumn.create("module width");
        StringColumn r90 = StringColumn.create("r90 (95% interval)");
        StringColumn r90Relative = StringColumn.create("r90 / width");
        StringColumn d90 = StringColumn.create("d90 (95% interval)");
        StringColumn d90Relative = StringColumn.create("d90 / parameters reached");
        StringColumn energy = StringColumn.create("energy_rank_90 / min(d, k)");
        StringColumn fraction = StringColumn.create("fraction of full at r = " + shown);
        StringColumn cost = StringColumn.create("job hours");
        for (StudyValue v : sorted(axis)) {
            value.append(Numbers.compact(v.value()));
            point.append(v.point());
            params.append(String.format(Locale.ROOT, "%,d", v.parameters()));
            width.append(String.valueOf(v.moduleWidth()));
            r90.append(show(v.r90().median(), false) + " (" + interval(v.r90(), false) + "), reached " + v.r90().reached()
                    + " of " + v.r90().seeds());
            r90Relative.append(show(v.r90Relative().median(), true));
            d90.append(v.d90().map(d -> show(d.median(), false) + " (" + interval(d, false) + ")").orElse("not trained"));
            d90Relative.append(v.d90Relative().map(d -> show(d.median(), true)).orElse(""));
            energy.append(show(v.energyRankRelative().mean(), true));
            FractionEstimate f = v.fractions().get(shown);
            fraction.append(String.format(Locale.ROOT, "%.3f (%.3f to %.3f)", f.mean(), f.low(), f.high()));
            cost.append(String.format(Locale.ROOT, "%.2f", v.seconds() / 3600));
        }
        return Table.create(axis.key(), value, point, params, width, r90, r90Relative, d90, d90Relative, energy, fraction,
                cost);
    }

    /** The figures of every axis ({@link StudyCharts}). */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (StudyAxis axis : results.study().axes()) {
            out.addAll(StudyCharts.of(axis, sorted(axis), results.commonRanks(axis)));
        }
        return out;
    }

    /** The threats: what the study itself did, then the points' own threats (those every point shares once). */
    List<String> threats() {
        List<String> out = new ArrayList<>();
        int seeds = results.study().points().get(0).spec().seeds().size();
        out.add("Each value is a whole experiment with its own report (the folder named in the table): inside it, the "
                + "validation set chose learning rates, epochs and the LoRA configuration, as its threats below say. The study "
                + "chooses nothing; it compares test values across the experiments.");
        out.add(String.format(Locale.ROOT, "Intervals: r90, d90 and the fractions are 95%% percentile intervals over %d "
                + "resamples that draw the %d seeds with replacement and each seed's test examples (paired with its base "
                + "and full fine-tuning); the energy ranks' intervals are Student-t over the seeds only. With %d seeds, a "
                + "seed resample often repeats one seed, so the intervals are wide.", org.loralab.results.PairedBootstrap
                .RESAMPLES, seeds, seeds));
        out.add("A trend is called only when the intervals at the smallest and the largest value do not overlap; r90 and "
                + "d90 take only the swept ranks and dimensions, so a move between two swept values can hide inside one.");
        for (StudyAxis axis : results.study().axes()) {
            if (axis.key().equals("task.base_epochs")) {
                out.add("The pretraining points are snapshots of one pretraining run, whose learning-rate schedule spans all "
                        + "its epochs: an early point is a model in the middle of that schedule, not a shorter run trained "
                        + "to its end.");
            }
            out.add("Along " + axis.key() + " every other setting stays as the spec has it"
                    + (axis.key().startsWith("task.") ? " (the data, the learning-rate lists, the epochs)" : "")
                    + "; what moves with it is listed per experiment in its spec (" + results.study().pointsOf(axis).stream()
                    .map(p -> p.label() + "/.jobs/spec.yaml").toList() + ").");
        }
        Map<String, List<String>> byPoint = new LinkedHashMap<>();
        for (StudyPoint p : results.study().points()) {
            byPoint.put(p.label(), new ThreatsToValidity(results.point(p.label())).lines());
        }
        Set<String> common = new LinkedHashSet<>(byPoint.values().iterator().next());
        byPoint.values().forEach(common::retainAll);
        out.add("From every experiment's report: " + String.join(" ", common));
        byPoint.forEach((label, lines) -> lines.stream().filter(l -> !common.contains(l))
                .forEach(l -> out.add("From " + label + ": " + l)));
        return out;
    }

    private ReportDocument document(Map<String, Object> provenance, List<Figure> figures) {
        ReportDocument doc = new ReportDocument("Study: " + results.study().name());
        if (!results.study().description().isEmpty()) {
            doc.paragraph(results.study().description());
        }
        doc.paragraph("Does the intrinsic rank of fine-tuning move with " + String.join(" and ", results.study().axes().stream()
                .map(a -> "`" + a.key() + "`").toList()) + "? Each value below ran the whole protocol (full fine-tuning "
                + "with its update's spectrum, LoRA at every rank, truncation" + (results.study().points().stream()
                .anyMatch(p -> p.spec().subspace().isPresent()) ? ", the random subspace" : "") + "); r90 is the smallest "
                + "swept LoRA rank whose test metric recovers 90% of full fine-tuning's improvement over the base model "
                + "(d90 the same for the random subspace's dimension). Aghajanyan et al. (2020) found the intrinsic "
                + "dimension of fine-tuning falls as pretrained models grow and as pretraining goes on.");
        doc.heading("Verdict");
        doc.bullets(verdict());
        for (StudyAxis axis : results.study().axes()) {
            doc.heading("Along " + axis.key());
            doc.table(table(axis), ReportDocument.CellFormat.READABLE);
            String prefix = axis.name().replaceAll("[^A-Za-z0-9_-]", "_") + "-";
            figures.stream().filter(f -> f.name().startsWith(prefix)).forEach(doc::figure);
        }
        doc.heading("Threats to validity");
        doc.bullets(threats());
        double hours = results.study().points().stream().mapToDouble(p -> results.point(p.label()).jobSeconds().values()
                .stream().mapToDouble(Double::doubleValue).sum()).sum() / 3600;
        doc.heading("Reproducibility");
        doc.paragraph(String.format(Locale.ROOT, "Cost: %.1f job hours for the %d experiments (each value's in its "
                + "table; a job's time is the run that trained it, with whatever else ran beside it).", hours,
                results.study().points().size()));
        doc.bullets(provenance.entrySet().stream().filter(e -> !(e.getValue() instanceof Map))
                .map(e -> "`" + e.getKey() + "`: " + e.getValue()).toList());
        doc.paragraph("Every value's numbers per seed are in `study.csv`; each experiment's own tables, figures and "
                + "`run.json` are in its folder.");
        return doc;
    }
}
