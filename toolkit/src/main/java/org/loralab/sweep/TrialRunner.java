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
import org.loralab.nn.Model;
import org.loralab.peft.PeftAdapter;
import org.loralab.results.JobResult;
import org.loralab.results.TrialResult;
import org.loralab.results.UpdateNames;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.task.Task;
import org.loralab.train.TrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs one {@link Job} of an experiment on its task. Stateless apart from the shared, read-only task. */
final class TrialRunner {
    private final ExperimentSpec spec;
    private final TrainedModels models;
    private final Task task;

    TrialRunner(ExperimentSpec spec, TrainedModels models) {
        this.spec = spec;
        this.models = models;
        this.task = models.task();
    }

    JobResult run(Job job) {
        long start = System.nanoTime();
        List<TrialResult> trials = new ArrayList<>();
        List<UpdateSpectrum> spectra = new ArrayList<>();
        if (job.method() == Method.FULL) {
            runFull(job.seed(), trials, spectra);
            return new JobResult(job, trials, spectra, (System.nanoTime() - start) / 1e9);
        }
        Model model = task.baseModel();
        String status = status(models.trainLora(model, job.variant(), job.rank(), job.seed()));
        trials.add(evaluated(Method.LORA, job.variant().name(), job.rank(), job.seed(), model.trainableParameterCount(), model,
                status));
        PeftAdapter adapter = status.equals(TrialResult.OK) ? PeftAdapter.of(model, TrainedModels.ADAPTER) : null;
        return new JobResult(job, trials, spectra, (System.nanoTime() - start) / 1e9, adapter);
    }

    private TrialResult evaluated(Method method, String config, int rank, long seed, long params, Model model, String status) {
        if (!status.equals(TrialResult.OK)) {
            return new TrialResult(method, config, rank, seed, params, Double.NaN, Double.NaN, Double.NaN, status);
        }
        return new TrialResult(method, config, rank, seed, params, task.meanLoss(model, task.train()),
                task.meanLoss(model, task.test()), task.metric(model, task.test()), status);
    }

    private static String status(TrainingResult result) {
        return result.diverged() ? TrialResult.DIVERGED : TrialResult.OK;
    }

    /** Base and full fine-tuning; the spectrum of every dW; the truncation test at every swept rank. */
    private void runFull(long seed, List<TrialResult> trials, List<UpdateSpectrum> spectra) {
        Model base = task.baseModel();
        trials.add(evaluated(Method.BASE, "", 0, seed, 0, base, TrialResult.OK));
        Model tuned = task.baseModel();
        long params = tuned.trainableParameterCount();
        String status = status(models.fineTune(tuned, seed));
        trials.add(evaluated(Method.FULL, "", 0, seed, params, tuned, status));
        if (!status.equals(TrialResult.OK)) {
            spec.lora().ranks().forEach(r -> trials.add(evaluated(Method.TRUNCATED, "", r, seed, 0, null, status)));
            return;
        }
        Map<String, INDArray> before = base.weights();
        Map<String, INDArray> after = tuned.weights();
        Map<String, Svd> updates = new LinkedHashMap<>();
        before.forEach((name, w0) -> {
            DMatrixRMaj base0 = MatrixBridge.toEjml(w0);
            DMatrixRMaj delta = MatrixBridge.toEjml(after.get(name));
            CommonOps_DDRM.subtractEquals(delta, base0);
            Svd svd = Svd.of(delta);
            updates.put(name, svd);
            spectra.add(UpdateSpectrum.of(UpdateNames.full(seed, name), delta.numRows, delta.numCols, svd.s(),
                    spec.precision().epsilon(), base0));
        });
        for (int rank : spec.lora().ranks()) {
            Model truncated = tuned.copy();
            updates.forEach((name, svd) -> {
                DMatrixRMaj w = MatrixBridge.toEjml(before.get(name));
                CommonOps_DDRM.addEquals(w, svd.truncate(rank));
                truncated.module(name).base().weight().value()
                        .assign(MatrixBridge.toNd4j(w, spec.precision().dataType()));
            });
            trials.add(evaluated(Method.TRUNCATED, "", rank, seed, 0, truncated, TrialResult.OK));
        }
    }

}
