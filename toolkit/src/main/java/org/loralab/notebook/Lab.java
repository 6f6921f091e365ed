package org.loralab.notebook;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.checkpoint.AdapterExtraction;
import org.loralab.checkpoint.CheckpointAnalysis;
import org.loralab.report.CheckpointSpectra;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.SpecReader;
import org.loralab.format.Checkpoint;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.lora.LoraLinear;
import org.loralab.nn.Model;
import org.loralab.peft.PeftAdapter;
import org.loralab.report.ExperimentReport;
import org.loralab.report.Experiments;
import org.loralab.report.Studies;
import org.loralab.report.StudyReport;
import org.loralab.study.StudyReader;
import org.loralab.study.StudyResults;
import org.loralab.study.StudySpec;
import org.loralab.report.Figure;
import org.loralab.report.RunInfo;
import org.loralab.results.ExperimentResults;
import org.loralab.results.Verdict;
import org.loralab.results.JobResult;
import org.loralab.spectrum.LoraSpectrum;
import org.loralab.spectrum.RankMetric;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.RunListener;
import org.loralab.sweep.TrainedModels;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The notebook facade, one import for a cell: {@code import org.loralab.notebook.Lab;}. Read a spec, change
 * it for the notebook's parameters, run it (resumable, results kept per spec under the temp folder), and get
 * tables, figures and the verdict; in the rapaio kernel they render as HTML tables and PNG images.
 */
public final class Lab {
    private Lab() {
    }

    /** Reads an experiment spec (YAML). */
    public static ExperimentSpec spec(String path) {
        return SpecReader.read(Path.of(path));
    }

    /**
     * Runs (or resumes) an experiment, printing one line per finished job. Results are kept in
     * {@code <cache>/<name>-<spec fingerprint>-<toolkit build>}, so re-running a cell with the same spec is instant,
     * and a changed toolkit never shows the numbers of an older one. The cache folder is {@code $LORALAB_CACHE}, else
     * {@code <tmp>/loralab}.
     */
    public static ExperimentResults run(ExperimentSpec spec) {
        return run(spec, cacheFolder(spec));
    }

    /** Where {@link #run(ExperimentSpec)} keeps the jobs of {@code spec} with this build of the toolkit. */
    public static Path cacheFolder(ExperimentSpec spec) {
        return cacheRoot().resolve(spec.name() + "-" + ExperimentRunner.fingerprint(spec).substring(0, 12) + "-"
                + org.loralab.ToolkitBuild.id());
    }

    /** {@code $LORALAB_CACHE}, else {@code <tmp>/loralab}. */
    private static Path cacheRoot() {
        String configured = System.getenv("LORALAB_CACHE");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "loralab");
    }

    /** Runs (or resumes) an experiment keeping its jobs under {@code out}. */
    public static ExperimentResults run(ExperimentSpec spec, Path out) {
        return ExperimentRunner.run(spec, out, new ExperimentRunner.Options(1, false, printing(spec.name()))).orElseThrow();
    }

    /** Progress as printed lines, one per finished job. */
    private static RunListener printing(String name) {
        return new RunListener() {
            private int total;
            private int done;

            @Override
            public synchronized void started(int total, int alreadyDone) {
                this.total = total;
                this.done = alreadyDone;
                // one print per line: the kernel turns every write into its own output fragment
                System.out.print(name + ": " + total + " jobs, " + alreadyDone + " already done\n");
            }

            @Override
            public void preparing(String step) {
                System.out.print(name + ": " + step + "\n");
            }

            @Override
            public synchronized void finished(JobResult result) {
                System.out.print(String.format(java.util.Locale.ROOT, "[%d/%d] %s (%.1f s)%n", ++done, total, result.job(),
                        result.seconds()));
            }
        };
    }

    /** Reads a study: a spec with a {@code study} section (one experiment per value of each setting it varies). */
    public static StudySpec study(String path) {
        return StudyReader.read(Path.of(path));
    }

    /**
     * Runs (or resumes) every experiment of the study in {@code path}, printing one line per finished job, and writes
     * the study report into the cache folder ({@link #studyFolder}); re-running is instant.
     */
    public static StudyResults runStudy(String path) {
        StudySpec study = study(path);
        return Studies.run(study, Path.of(path), studyFolder(study), ExperimentRunner.Options.defaults(),
                p -> printing(study.name() + "/" + p.label()), "Lab.runStudy (notebook)").orElseThrow();
    }

    /** Where {@link #runStudy} keeps a study: {@code <cache>/<name>-<its experiments' fingerprints>-<toolkit build>}. */
    public static Path studyFolder(StudySpec study) {
        String fingerprints = String.join(" ", study.points().stream().map(p -> ExperimentRunner.fingerprint(p.spec())).toList());
        return cacheRoot().resolve(study.name() + "-" + org.loralab.io.Hashes.sha256Hex(fingerprints).substring(0, 12) + "-"
                + org.loralab.ToolkitBuild.id());
    }

    /** A study's table along the setting {@code key} (such as {@code task.width}): one row per value, with intervals. */
    public static Table studyTable(StudyResults results, String key) {
        return new StudyReport(results).table(results.study().axes().stream().filter(a -> a.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the study varies no '" + key + "'; it varies "
                        + results.study().axes().stream().map(org.loralab.study.StudyAxis::key).toList())));
    }

    /** A study's figures ({@code <setting>-ranks}, {@code -relative}, {@code -fractions} per setting varied). */
    public static List<Figure> studyFigures(StudyResults results) {
        return new StudyReport(results).figures();
    }

    /** A study's verdict, one finding per line (plain text). */
    public static List<String> studyVerdict(StudyResults results) {
        return Studies.verdict(results);
    }

    /**
     * The report's figures: spectrum, truncation curves, loss or metric and fraction of full against rank, and the
     * adapters' subspace similarity heat maps ({@code phi-...}) where the report has them.
     */
    public static List<Figure> figures(ExperimentResults results) {
        return new ExperimentReport(results, org.loralab.report.Provenance.NONE).figures();
    }

    /** One figure by name ({@code spectrum}, {@code truncation}, {@code loss-vs-rank} or {@code metric-vs-rank}, {@code fraction-vs-rank}). */
    public static Figure figure(ExperimentResults results, String name) {
        return figures(results).stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure named '" + name + "'"));
    }

    /**
     * The verdict as values: the chosen configuration, r90 on validation per seed and over seeds, the rank it names and
     * what that rank recovers on test with its intervals.
     */
    public static Verdict verdictValue(ExperimentResults results) {
        return Verdict.of(results);
    }

    /** The verdict, one finding per line, as the report states it (plain text). */
    public static List<String> verdict(ExperimentResults results) {
        return Experiments.verdict(results);
    }

    /**
     * Writes the report of {@code results} to {@code outDir} as {@code loralab run} does (report.md, report.html, the CSV
     * tables, figures, and run.json with the provenance: toolkit, libraries, backend, git commit, machine), and returns
     * the path of report.md. A spec built or changed in code has no file: run.json's {@code spec_file} says so, and its
     * {@code spec_fingerprint} names the settings; {@link #report(ExperimentResults, String, Path)} keeps the file.
     */
    public static Path report(ExperimentResults results, Path outDir) {
        Experiments.writeReport(results, outDir, RunInfo.provenance(results, "Lab.report (notebook)",
                "none (a spec built in the notebook)", null));
        return outDir.resolve("report.md");
    }

    /**
     * {@link #report(ExperimentResults, Path)} for results of the spec in {@code specFile} as written (no
     * {@code withRanks} and the like): run.json names the file and {@code <out>/.jobs/spec.yaml} keeps a copy, as
     * {@code loralab run} does.
     *
     * @throws IllegalArgumentException when the results are of other settings than the file's
     */
    public static Path report(ExperimentResults results, String specFile, Path outDir) {
        ExperimentSpec fromFile = spec(specFile);
        if (!ExperimentRunner.fingerprint(fromFile).equals(ExperimentRunner.fingerprint(results.spec()))) {
            throw new IllegalArgumentException("these results are not of " + specFile + " as written (its settings were "
                    + "changed in code); use Lab.report(results, outDir)");
        }
        Experiments.writeReport(results, outDir, RunInfo.provenance(results, "Lab.report (notebook)", specFile, null));
        org.loralab.io.AtomicFiles.copy(Path.of(specFile), Experiments.specCopy(outDir));
        return outDir.resolve("report.md");
    }

    /** The rank metrics of one update as a two-column table. */
    public static Table metricsTable(UpdateSpectrum s) {
        StringColumn name = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        for (RankMetric metric : RankMetric.values()) {
            name.append(metric.column());
            value.append(metric.of(s.metrics()));
        }
        return Table.create(s.tensor(), name, value);
    }

    /** Single models of the spec's task, trained as the sweep trains them (for update comparisons). */
    public static TrainedModels models(ExperimentSpec spec) {
        return TrainedModels.of(spec);
    }

    /** The weight of {@code module} (a LoRA layer's frozen base weight) as a double matrix. */
    public static DMatrixRMaj weight(Model model, String module) {
        return MatrixBridge.toEjml(model.module(module).base().weight().value());
    }

    /** The exact SVD of the update of {@code module}'s LoRA adapter, from its factors. */
    public static Svd loraUpdate(Model model, String module) {
        if (!(model.module(module) instanceof LoraLinear lora)) {
            throw new IllegalArgumentException(module + " has no LoRA adapter");
        }
        return LoraSpectrum.of(lora.adapter(TrainedModels.ADAPTER));
    }

    /** The SVD of the full fine-tuning update tuned - base of {@code module} (LAPACK). */
    public static Svd fullUpdate(Model base, Model tuned, String module) {
        DMatrixRMaj delta = weight(tuned, module);
        CommonOps_DDRM.subtractEquals(delta, weight(base, module));
        return Lapack.svd(delta);
    }

    /** The update spectrum of every 2-D tensor between two checkpoints (files, indexes or folders), all values. */
    public static CheckpointAnalysis.Result checkpointSpectra(Path base, Path tuned) {
        try (Checkpoint b = Checkpoint.open(base); Checkpoint t = Checkpoint.open(tuned)) {
            return CheckpointAnalysis.pair(b, t, new CheckpointAnalysis.Options(null, OptionalInt.empty(), false, false),
                    SILENT);
        }
    }

    /**
     * The report {@code loralab spectrum --base base --tuned tuned --out outDir} writes (the same files), for the update
     * tuned - base of every 2-D tensor, all singular values.
     */
    public static CheckpointAnalysis.Result checkpointReport(Path base, Path tuned, Path outDir) {
        return CheckpointSpectra.report(new CheckpointSpectra.Pair(base, tuned),
                new CheckpointAnalysis.Options(null, OptionalInt.empty(), false, false), outDir, SILENT);
    }

    /** The exact update spectrum of every module of a PEFT adapter; {@code base} may be null. */
    public static CheckpointAnalysis.Result adapterSpectra(Path adapter, Path base) {
        try (Checkpoint b = base == null ? null : Checkpoint.open(base)) {
            return CheckpointAnalysis.adapter(PeftAdapter.read(adapter), b,
                    new CheckpointAnalysis.Options(null, OptionalInt.empty(), false, false), SILENT);
        }
    }

    /**
     * A LoRA adapter extracted from a full fine-tune between two checkpoints: per module the best rank-k approximation
     * of dW, k from {@code choice} (for example {@code new AdapterExtraction.RankChoice.Energy(0.9)}); write it with
     * {@code extraction.adapter().write(folder, DType.F32)}, as {@code loralab extract} does.
     */
    public static AdapterExtraction.Extraction extractAdapter(Path base, Path tuned, AdapterExtraction.RankChoice choice) {
        try (Checkpoint b = Checkpoint.open(base); Checkpoint t = Checkpoint.open(tuned)) {
            return AdapterExtraction.extract(b, t, new CheckpointAnalysis.Options(null, OptionalInt.empty(), false, false),
                    choice, SILENT);
        }
    }

    private static final CheckpointAnalysis.Listener SILENT = new CheckpointAnalysis.Listener() {
        @Override
        public void planned(int tensors) {
        }

        @Override
        public void analysed(UpdateSpectrum spectrum) {
        }
    };

    /**
     * Shows a value in the notebook now (a table, figure, chart or results) and returns nothing, so no
     * display id is echoed. Outside a kernel it prints the value.
     */
    public static void show(Object value) {
        try {
            org.rapaio.jupyter.kernel.global.Global.display(value);
        } catch (NoClassDefFoundError outsideKernel) {
            System.out.println(value instanceof Table t ? t.print() : String.valueOf(value));
        }
    }
}
