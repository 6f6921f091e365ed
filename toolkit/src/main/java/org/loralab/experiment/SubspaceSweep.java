package org.loralab.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Model;
import org.loralab.nn.ModelConfig;
import org.loralab.subspace.ProjectionKind;
import org.loralab.subspace.SubspaceModel;
import org.loralab.train.TrainConfig;

/**
 * The random-subspace sweep (intrinsic dimension, Li et al. 2018): for each dimension d, the weights and biases of
 * the target modules are theta_0 + P theta_d and only theta_d trains; d90 is the smallest d that recovers 90% of
 * full fine-tuning's improvement, beside LoRA's r90.
 *
 * @param dimensions    the subspace dimensions d, ascending and distinct
 * @param targets       the modules whose weights and biases the subspace moves
 * @param projection    the random projection's kind
 * @param said          SAID's per-tensor scales (Aghajanyan et al. 2020), counted within d
 * @param learningRates the learning rates searched per dimension and seed, distinct
 * @param training      training settings (the trial's seed and each searched learning rate replace their own)
 */
public record SubspaceSweep(List<Integer> dimensions, TargetModules targets, ProjectionKind projection, boolean said,
                            List<Double> learningRates, TrainConfig training) implements MethodSweep {
    public SubspaceSweep {
        dimensions = List.copyOf(dimensions);
        learningRates = List.copyOf(learningRates);
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("dimensions must list at least one dimension");
        }
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i) < 1 || i > 0 && dimensions.get(i) <= dimensions.get(i - 1)) {
                throw new IllegalArgumentException("dimensions must be ascending whole numbers >= 1, got " + dimensions);
            }
        }
        java.util.Objects.requireNonNull(projection, "projection");
        if (learningRates.isEmpty() || new HashSet<>(learningRates).size() != learningRates.size()) {
            throw new IllegalArgumentException("learning_rate must list distinct values, got " + learningRates);
        }
        learningRates.forEach(org.loralab.train.AdamConfig::adam); // validates each
    }

    /** The names of {@code model}'s linear modules that the subspace moves, in forward order. */
    public List<String> modules(ModelConfig model) {
        return model.moduleShapes().keySet().stream().filter(targets::matches).toList();
    }

    /** D: the number of weights and biases of {@link #modules}, the most a dimension d can usefully be. */
    public long parameters(ModelConfig model) {
        Map<String, int[]> shapes = model.moduleShapes();
        return modules(model).stream().mapToLong(m -> (long) shapes.get(m)[0] * (shapes.get(m)[1] + 1)).sum();
    }

    @Override
    public Method method() {
        return Method.SUBSPACE;
    }

    @Override
    public String title() {
        return "the random subspace";
    }

    /** Per dimension. */
    @Override
    public List<Job> jobs(long seed) {
        return dimensions.stream().map(d -> Job.subspace(d, seed)).toList();
    }

    /** The base moved in the job's random subspace of dimension d, the projection drawn from the job's seed. */
    @Override
    public Model adapt(Model base, Job job, FullUpdateSpectra fullUpdates) {
        List<String> moved = base.modules().keySet().stream().filter(targets::matches).toList();
        return SubspaceModel.of(base, moved, new SubspaceModel.Settings(job.rank(), projection, said, job.seed()));
    }
}
