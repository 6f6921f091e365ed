package org.loralab.report;

import java.util.List;
import java.util.function.Function;
import org.loralab.results.EqualBudget;
import org.loralab.results.UpdateRanksByModule;
import org.loralab.results.AdapterComparison;
import org.loralab.results.ExperimentResults;
import org.loralab.results.Forgetting;
import org.loralab.results.RankAllocations;
import org.loralab.results.ResultTables;
import tech.tablesaw.api.Table;

/**
 * Every file an experiment report writes, in one place: {@link ReportWriter} writes the tables listed here and the
 * report's "Files" section describes the same list.
 */
final class ReportFiles {
    private ReportFiles() {
    }

    /**
     * A table written as CSV.
     *
     * @param always      written even when empty (the others only when they have rows; a stale one is removed)
     * @param description what a row is, for the report
     */
    record CsvFile(String name, Function<ExperimentResults, Table> table, boolean always, String description) {
    }

    static final List<CsvFile> TABLES = List.of(
            new CsvFile("trials.csv", ResultTables::trials, true, "one row per evaluated model, every learning rate of "
                    + "every search (method, LoRA configuration, targets, alpha, scaling, learning rate, rank, seed, "
                    + "parameters, epochs kept, losses, validation and test metric, fractions of full fine-tuning's "
                    + "improvement, whether selected, status; transfer tasks add the source metrics and forgetting)"),
            new CsvFile("learning_rates.csv", ResultTables::learningRates, true, "the learning-rate searches"),
            new CsvFile("layers.csv", ResultTables::layers, true, "rank metrics of every update"),
            new CsvFile("spectrum.csv", ResultTables::spectrum, true, "all singular values"),
            new CsvFile("truncation.csv", ResultTables::truncation, true, "e(r) of every update"),
            new CsvFile("update_ranks_by_module.csv", UpdateRanksByModule::table, false,
                    "update ranks by module type and depth"),
            new CsvFile("equal_budget.csv", EqualBudget::table, false, "target sets at equal parameter budgets"),
            new CsvFile("forgetting.csv", Forgetting::table, false, "forgetting of the source task by method and rank"),
            new CsvFile("allocation.csv", RankAllocations::comparison, false, "energy against uniform rank allocation"),
            new CsvFile("rank_allocation.csv", RankAllocations::ranksTable, false, "the ranks allocated to each module"),
            new CsvFile("subspace.csv", r -> AdapterComparison.table(r.adapterComparisons()), false,
                    "every phi(i, j) of the adapter comparisons (subspace similarity)"),
            new CsvFile("intrinsic_dimension.csv", ResultTables::intrinsicDimension, false,
                    "the random-subspace trials by dimension and seed"));

    /** The other files, always written. */
    static final List<String> OTHERS = List.of(
            "`.jobs/<job>.adapter/`: every trained LoRA adapter as a PEFT folder (adapter_config.json and "
                    + "adapter_model.safetensors), loadable with PEFT's `PeftModel.from_pretrained`.",
            "`figures/*.png` and `figures/*.svg`; `run.json`: provenance and durations; `report.md` and `report.html`.");

    /** The report's description of the files written for {@code results}, one line each. */
    static List<String> described(ExperimentResults results) {
        List<String> lines = new java.util.ArrayList<>(TABLES.stream()
                .filter(f -> f.always() || f.table().apply(results).rowCount() > 0)
                .map(f -> "`" + f.name() + "`: " + f.description() + ".").toList());
        lines.addAll(OTHERS);
        return lines;
    }
}
