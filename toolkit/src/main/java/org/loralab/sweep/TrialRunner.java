package org.loralab.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.Method;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.lora.LoraLinear;
import org.loralab.nn.Model;
import org.loralab.peft.PeftAdapter;
import org.loralab.results.ExampleScores;
import org.loralab.results.JobResult;
import org.loralab.results.SourceScores;
import org.loralab.results.TrialResult;
import org.loralab.results.UpdateNames;
import org.loralab.results.TrialStatus;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.task.Task;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs one {@link Job} of an experiment on its task. Stateless apart from the shared, read-only task. */
final class TrialRunner {
    private final ExperimentSpec spec;
    private final TrainedModels models;

    TrialRunner(ExperimentSpec spec, TrainedModels models) {
        this.spec = spec;
        this.models = models;
    }

    JobResult run(Job job) {
        Task task = models.task(job.seed());
        long start = System.nanoTime();
        List<TrialResult> trials = new ArrayList<>();
        List<UpdateSpectrum> spectra = new ArrayList<>();
        boolean reference = spec.sweep(job.method()).orElseThrow().reference();
        Model base = task.baseModel();
        if (reference) {
            trials.add(untrained(task, Method.BASE, 0, job.seed(), base));
        }
        List<TrainedModels.Candidate> candidates = models.candidates(job);
        int chosen = TrainedModels.chosenIndex(candidates);
        String config = job.variant() == null ? "" : job.variant().name();
        for (int i = 0; i < candidates.size(); i++) {
            trials.add(evaluated(task, job.method(), config, job.rank(), job.seed(), candidates.get(i), i == chosen));
        }
        TrainedModels.Candidate best = candidates.get(chosen);
        if (reference) {
            analyseUpdate(base, best, job.seed(), task, trials, spectra);
        }
        PeftAdapter adapter = best.training().diverged() || !hasAdapter(best.model()) ? null
                : PeftAdapter.of(best.model(), TrainedModels.ADAPTER);
        return new JobResult(job, trials, spectra, (System.nanoTime() - start) / 1e9, adapter);
    }

    private static boolean hasAdapter(Model model) {
        return model.modules().values().stream().anyMatch(l -> l instanceof LoraLinear lora
                && lora.adapterNames().contains(TrainedModels.ADAPTER));
    }

    /** A trained candidate of a learning-rate search, evaluated on every split. */
    private static TrialResult evaluated(Task task, Method method, String config, int rank, long seed, TrainedModels.Candidate c,
                                  boolean selected) {
        Model model = c.model();
        long params = model.trainableParameterCount();
        if (c.training().diverged()) {
            return new TrialResult(method, config, rank, seed, c.learningRate(), params, c.training().keptEpoch(), Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, selected, TrialStatus.DIVERGED, ExampleScores.NONE, c.maxEpochs());
        }
        return new TrialResult(method, config, rank, seed, c.learningRate(), params, c.training().keptEpoch(),
                task.meanLoss(model, task.train()), c.validationMetric(), task.meanLoss(model, task.test()),
                task.metric(model, task.test()), selected, TrialStatus.OK, selected ? testExamples(task, model) : ExampleScores.NONE,
                c.maxEpochs(), sourceScores(task, model));
    }

    /** An untrained model (base, truncated), evaluated on every split; always selected. */
    private static TrialResult untrained(Task task, Method method, int rank, long seed, Model model) {
        return new TrialResult(method, "", rank, seed, Double.NaN, 0, 0, task.meanLoss(model, task.train()),
                task.metric(model, task.validation()), task.meanLoss(model, task.test()), task.metric(model, task.test()),
                true, TrialStatus.OK, testExamples(task, model), 0, sourceScores(task, model));
    }

    /** The source task's metric on both of its held-out sets, where the task transfers from one. */
    private static SourceScores sourceScores(Task task, Model model) {
        return task.source().map(s -> new SourceScores(s.metric(model, s.validation()), s.metric(model, s.test())))
                .orElse(SourceScores.NONE);
    }

    /** The test metric of each test example, for the paired bootstrap. */
    private static ExampleScores testExamples(Task task, Model model) {
        return ExampleScores.of(task.exampleMetrics(model, task.test()));
    }

    /**
     * For the reference method's chosen model: the spectrum of every dW and the truncation test at every swept rank.
     */
    private void analyseUpdate(Model base, TrainedModels.Candidate chosen, long seed, Task task, List<TrialResult> trials,
                               List<UpdateSpectrum> spectra) {
        Model tuned = chosen.model();
        if (chosen.training().diverged()) {
            spec.lora().ranks().forEach(r -> trials.add(new TrialResult(Method.TRUNCATED, "", r, seed, Double.NaN, 0, 0,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, true, TrialStatus.DIVERGED)));
            return;
        }
        Map<String, INDArray> before = base.weights();
        Map<String, INDArray> after = tuned.weights();
        Map<String, Svd> updates = new LinkedHashMap<>();
        Map<String, double[]> sigmas = new LinkedHashMap<>();
        before.forEach((name, w0) -> {
            DMatrixRMaj base0 = MatrixBridge.toEjml(w0);
            DMatrixRMaj delta = MatrixBridge.toEjml(after.get(name));
            CommonOps_DDRM.subtractEquals(delta, base0);
            Svd svd = Svd.of(delta);
            updates.put(name, svd);
            sigmas.put(name, svd.s());
            spectra.add(UpdateSpectrum.of(UpdateNames.full(seed, name), delta.numRows, delta.numCols, svd.s(),
                    spec.precision().epsilon(), base0));
        });
        models.rememberFullSpectra(seed, sigmas);
        for (int rank : spec.lora().ranks()) {
            Model truncated = tuned.copy();
            updates.forEach((name, svd) -> {
                DMatrixRMaj w = MatrixBridge.toEjml(before.get(name));
                CommonOps_DDRM.addEquals(w, svd.truncate(rank));
                truncated.module(name).base().weight().value()
                        .assign(MatrixBridge.toNd4j(w, spec.precision().dataType()));
            });
            trials.add(untrained(task, Method.TRUNCATED, rank, seed, truncated));
        }
    }

}
