package org.loralab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraSweep;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.MethodSweep;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.nn.Model;
import org.loralab.results.Selection;
import org.loralab.task.Task;
import org.loralab.train.TrainConfig;
import org.loralab.train.Trainer;
import org.loralab.train.TrainingProgress;
import org.loralab.train.TrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Single models of an experiment's task, trained exactly as the sweep trains them (every learning rate of the search,
 * early stopping and choice on the validation set), for analyses that need the weights themselves (update comparisons
 * in notebooks). Same spec and seed, same weights.
 */
public final class TrainedModels {
    /** The name of the LoRA adapter the sweep (and {@link #lora}) trains. */
    public static final String ADAPTER = LoraSweep.ADAPTER;

    private final ExperimentSpec spec;
    private final Task task;
    private final Path cacheDir;
    private final java.util.function.Consumer<String> progress;
    private final Map<Long, Task> bySeed = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Long, Map<String, double[]>> fullSpectra = new java.util.concurrent.ConcurrentHashMap<>();

    private TrainedModels(ExperimentSpec spec, Task task, Path cacheDir, java.util.function.Consumer<String> progress) {
        this.spec = spec;
        this.task = task;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    /**
     * A model trained at one learning rate of a search.
     *
     * @param learningRate     the rate
     * @param maxEpochs        the epochs it could train at most
     * @param model            the trained model (with the weights of its kept epoch)
     * @param training         what training did
     * @param validationMetric the task metric on the validation set; NaN when training diverged
     */
    public record Candidate(double learningRate, int maxEpochs, Model model, TrainingResult training,
                            double validationMetric) {
    }

    /** Builds the spec's task (its data and base model); a pretrained base is kept under the temp folder. */
    public static TrainedModels of(ExperimentSpec spec) {
        return of(spec, Path.of(System.getProperty("java.io.tmpdir"), "loralab", "bases"));
    }

    /** Builds the spec's task, keeping a pretrained base (where the task has one) in {@code cacheDir}. */
    public static TrainedModels of(ExperimentSpec spec, Path cacheDir) {
        return of(spec, cacheDir, line -> { });
    }

    /** {@link #of(ExperimentSpec, Path)}, telling {@code progress} about each long step of building the task. */
    public static TrainedModels of(ExperimentSpec spec, Path cacheDir, java.util.function.Consumer<String> progress) {
        return new TrainedModels(spec, spec.task().build(spec.precision().dataType(), cacheDir, progress), cacheDir,
                progress);
    }

    /** A fresh copy of the base model W0 of the spec's task. */
    public Model base() {
        return task.baseModel();
    }

    /** The planted updates dW* of the spec's task by module name (the ground truth; empty when the task has none). */
    public Map<String, DMatrixRMaj> planted() {
        return task.plantedUpdates();
    }

    /**
     * The task the trials of {@code seed} run on: the spec's task, or under {@code seed_scope: all} the task drawn for
     * that seed (built on first use, then kept).
     */
    public Task task(long seed) {
        org.loralab.task.TaskConfig config = spec.taskFor(seed);
        return config.equals(spec.task()) ? task : bySeed.computeIfAbsent(seed, s -> {
            progress.accept("task for seed " + s + " (task seed " + config.seed() + ")");
            return config.build(spec.precision().dataType(), cacheDir, progress);
        });
    }

    /**
     * The base model fully fine-tuned with the spec's {@code full} settings and {@code seed}, at the learning rate the
     * validation set chose.
     *
     * @throws IllegalStateException when training diverged at every learning rate
     */
    public Model full(long seed) {
        return chosen(fullCandidates(seed), "full fine-tuning");
    }

    /**
     * The base model with a LoRA adapter ({@link #ADAPTER}) of rank {@code rank}, trained with the spec's first
     * LoRA configuration (its only one without a grid) and {@code seed}, at the learning rate the validation set chose.
     *
     * @throws IllegalStateException when training diverged at every learning rate
     */
    public Model lora(int rank, long seed) {
        return lora(spec.lora().firstVariant(), rank, seed);
    }

    /**
     * The base model with a LoRA adapter ({@link #ADAPTER}) of configuration {@code variant} and rank {@code rank},
     * trained with {@code seed} at the learning rate the validation set chose.
     *
     * @throws IllegalStateException when training diverged at every learning rate
     */
    public Model lora(LoraVariant variant, int rank, long seed) {
        return chosen(loraCandidates(variant, rank, seed), "LoRA " + variant.name() + " r = " + rank);
    }

    /**
     * The trained candidates of {@code job}: its method's adaptation of the seed's base model at each learning rate of
     * the search (the spec's list in its order, then the rates the search went on to past an end of it, then the chosen
     * rate with doubled epochs while its choice kept its last epoch; {@link ExperimentSpec#search()}).
     *
     * @throws IllegalArgumentException when the spec does not train the job's method
     */
    public List<Candidate> candidates(Job job) {
        MethodSweep sweep = spec.sweep(job.method()).orElseThrow(() -> new IllegalArgumentException(spec.name()
                + " does not train " + job.method().label()));
        Task t = task(job.seed());
        return search(sweep.learningRates(), sweep.training().epochs(), (lr, epochs) -> trained(t, lr,
                sweep.adapt(t.baseModel(), job, this::fullSpectra),
                sweep.trainingAt(lr).withEpochs(epochs).withSeed(job.seed())));
    }

    /** Full fine-tuning of the base at each learning rate of the search ({@link #candidates}). */
    public List<Candidate> fullCandidates(long seed) {
        return candidates(Job.full(seed));
    }

    /**
     * LoRA of {@code variant} at {@code rank} at each learning rate of the search ({@link #candidates}); with energy
     * allocation, the ranks per module come from the same seed's full fine-tuning update ({@link #fullSpectra}).
     */
    public List<Candidate> loraCandidates(LoraVariant variant, int rank, long seed) {
        return candidates(Job.lora(variant, rank, seed));
    }

    /**
     * The singular values of the selected full fine-tuning update of every linear module in {@code seed}, by module:
     * those the full job reported ({@link #rememberFullSpectra}), else computed here by training it again (same spec
     * and seed, same weights).
     */
    public Map<String, double[]> fullSpectra(long seed) {
        return fullSpectra.computeIfAbsent(seed, s -> {
            Map<String, INDArray> before = task(s).baseModel().weights();
            Map<String, INDArray> after = full(s).weights();
            Map<String, double[]> out = new LinkedHashMap<>();
            before.forEach((name, w0) -> {
                DMatrixRMaj delta = MatrixBridge.toEjml(after.get(name));
                CommonOps_DDRM.subtractEquals(delta, MatrixBridge.toEjml(w0));
                out.put(name, Svd.of(delta).s());
            });
            return out;
        });
    }

    /** Keeps the spectra of seed {@code seed}'s full fine-tuning update, measured by its job, for energy allocation. */
    public void rememberFullSpectra(long seed, Map<String, double[]> sigmaByModule) {
        fullSpectra.putIfAbsent(seed, Map.copyOf(sigmaByModule));
    }

    /** Trains a model at a learning rate for at most a number of epochs. */
    @FunctionalInterface
    private interface Training {
        Candidate at(double learningRate, int epochs);
    }

    /**
     * Trains every rate of {@code list} for {@code epochs}, then the rates beyond it that the search rule asks for, one
     * at a time; then, while the chosen trial kept its last allowed epoch, its rate again with twice the epochs
     * ({@link org.loralab.experiment.EpochBudget}). The validation set chooses among all of them.
     */
    private List<Candidate> search(List<Double> list, int epochs, Training train) {
        List<Candidate> out = new ArrayList<>();
        list.forEach(lr -> out.add(train.at(lr, epochs)));
        while (true) {
            OptionalDouble next = spec.search().next(list.size(), out.stream().map(Candidate::learningRate).toList(),
                    chosenIndex(out), out.stream().allMatch(c -> c.training().diverged()));
            if (next.isEmpty()) {
                break;
            }
            out.add(train.at(next.getAsDouble(), epochs));
        }
        for (int doublings = 0; ; doublings++) {
            Candidate chosen = out.get(chosenIndex(out));
            int longest = out.stream().filter(c -> c.learningRate() == chosen.learningRate())
                    .mapToInt(Candidate::maxEpochs).max().orElseThrow();
            if (!spec.protocol().budget().doubles(chosen.training().keptEpoch(), chosen.maxEpochs(), longest, doublings,
                    chosen.training().diverged())) {
                return out;
            }
            out.add(train.at(chosen.learningRate(), 2 * chosen.maxEpochs()));
        }
    }

    /**
     * Training in the spec's random subspace of dimension {@code dimension} at each learning rate of its search
     * ({@link #candidates}); the projection is drawn from {@code seed}, as LoRA's initial factors are.
     */
    public List<Candidate> subspaceCandidates(int dimension, long seed) {
        return candidates(Job.subspace(dimension, seed));
    }

    /** The index of the candidate the validation metric chooses. */
    public static int chosenIndex(List<Candidate> candidates) {
        return Selection.best(candidates.stream().mapToDouble(Candidate::validationMetric).toArray());
    }

    private static Candidate trained(Task task, double lr, Model model, TrainConfig config) {
        TrainingResult result = Trainer.train(model, task.train(), config, task.loss(), TrainingProgress.NONE,
                m -> task.metric(m, task.validation()));
        // early stopping measured the kept epoch already; otherwise measure the final weights
        double validation = result.diverged() ? Double.NaN : config.patience() > 0 ? result.validationMetric()
                : task.metric(model, task.validation());
        return new Candidate(lr, config.epochs(), model, result, validation);
    }

    /** The spec's task (data, base model, loss and metric); the trials of a seed use {@link #task(long)}. */
    public Task task() {
        return task;
    }

    private static Model chosen(List<Candidate> candidates, String what) {
        Candidate c = candidates.get(chosenIndex(candidates));
        if (c.training().diverged()) {
            throw new IllegalStateException(what + " diverged (NaN or Inf loss) at every learning rate; lower them");
        }
        return c.model();
    }
}
