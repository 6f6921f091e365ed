package org.loralab.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loralab.lora.TargetModules;
import org.loralab.task.TaskConfig;
import org.loralab.train.TrainConfig;

/**
 * A whole experiment, as read from {@code experiments/*.yaml}: the task, full fine-tuning, the LoRA
 * sweep (ranks x configurations) and the seeds. Immutable; {@link #canonicalText()} is what its fingerprint hashes.
 *
 * @param name        short name, also the default output folder under {@code reports/}
 * @param description one line for the report
 * @param precision   float type used for training
 * @param task        the task (planted-rank, ...)
 * @param full        full fine-tuning settings (the trial's seed and each searched learning rate replace their own)
 * @param fullLearningRates the learning rates searched for full fine-tuning, distinct
 * @param lora        the LoRA sweep
 * @param seeds       training seeds; every method runs once per seed
 * @param subspace    the random-subspace sweep (intrinsic dimension), when the spec has one
 * @param protocol    the rules every method follows: learning-rate searches past their lists, what a seed varies
 * @param others      the registered methods ({@link MethodType}) the spec has sections for, in registration order
 */
public record ExperimentSpec(String name, String description, Precision precision, TaskConfig task,
                             TrainConfig full, List<Double> fullLearningRates, LoraSweep lora, List<Long> seeds,
                             Optional<SubspaceSweep> subspace, Protocol protocol, List<MethodSweep> others) {

    public ExperimentSpec {
        fullLearningRates = new FullSweep(full, fullLearningRates).learningRates(); // validates them
        others = List.copyOf(others);
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds must list at least one seed");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("seeds must be distinct, got " + seeds);
        }
        Map<String, int[]> shapes = task.model().moduleShapes();
        int maxRank = lora.ranks().get(lora.ranks().size() - 1);
        for (TargetModules set : lora.targetSets()) {
            List<String> targets = shapes.keySet().stream().filter(set::matches).toList();
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("lora.target_modules " + set + " matches no module; modules are "
                        + shapes.keySet());
            }
            for (String t : targets) {
                int limit = Math.min(shapes.get(t)[0], shapes.get(t)[1]);
                if (maxRank > limit) {
                    throw new IllegalArgumentException("lora.ranks: rank " + maxRank + " exceeds min(out, in) = " + limit
                            + " of target module '" + t + "'");
                }
            }
        }
        subspace.ifPresent(sub -> {
            if (sub.modules(task.model()).isEmpty()) {
                throw new IllegalArgumentException("subspace.target_modules " + sub.targets() + " matches no module; modules"
                        + " are " + shapes.keySet());
            }
            long reached = sub.parameters(task.model());
            int largest = sub.dimensions().get(sub.dimensions().size() - 1);
            if (largest > reached) {
                throw new IllegalArgumentException("subspace.dimensions: " + largest + " exceeds the " + reached
                        + " weights and biases of the target modules");
            }
        });
        for (List<String> saved : lora.savedSets()) {
            try {
                org.loralab.lora.ModulesToSave.resolve(saved, task.model().savableModuleNames());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("lora." + e.getMessage());
            }
        }
    }

    /** An experiment of the built-in methods only. */
    public ExperimentSpec(String name, String description, Precision precision, TaskConfig task, TrainConfig full,
                          List<Double> fullLearningRates, LoraSweep lora, List<Long> seeds, Optional<SubspaceSweep> subspace,
                          Protocol protocol) {
        this(name, description, precision, task, full, fullLearningRates, lora, seeds, subspace, protocol, List.of());
    }

    /** Every training method of the experiment, in job order: full fine-tuning, LoRA, the subspace, the others. */
    public List<MethodSweep> sweeps() {
        List<MethodSweep> out = new java.util.ArrayList<>(List.of(new FullSweep(full, fullLearningRates), lora));
        subspace.ifPresent(out::add);
        out.addAll(others);
        return out;
    }

    /** The settings of {@code method}, when the experiment trains it. */
    public Optional<MethodSweep> sweep(Method method) {
        return sweeps().stream().filter(s -> s.method() == method).findFirst();
    }

    /**
     * The same experiment with other seeds. Takes any whole numbers, so that a notebook's {@code List.of(1, 2)} (a list
     * of Integer) works as well as {@code List.of(1L, 2L)}.
     *
     * @throws IllegalArgumentException for a seed that is not a whole number
     */
    public ExperimentSpec withSeeds(List<? extends Number> newSeeds) {
        List<Long> seeds = newSeeds.stream().map(n -> {
            if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
                    throw new IllegalArgumentException("seeds must be whole numbers, got " + n);
                }
            }
            return n.longValue();
        }).toList();
        return new ExperimentSpec(name, description, precision, task, full, fullLearningRates, lora, seeds, subspace, protocol, others);
    }

    /** The same experiment sweeping other LoRA ranks (and truncating at them). */
    public ExperimentSpec withRanks(List<Integer> ranks) {
        return new ExperimentSpec(name, description, precision, task, full, fullLearningRates, lora.withRanks(ranks), seeds,
                subspace, protocol, others);
    }

    /** The same experiment with its LoRA configurations at each of {@code allocations} (a grid dimension when two). */
    public ExperimentSpec withRankAllocations(List<RankAllocation> allocations) {
        return new ExperimentSpec(name, description, precision, task, full, fullLearningRates, lora.withAllocations(allocations),
                seeds, subspace, protocol, others);
    }

    /** The same experiment with {@code epochs} epochs of full and of LoRA fine-tuning. */
    public ExperimentSpec withEpochs(int epochs) {
        return new ExperimentSpec(name, description, precision, task, full.withEpochs(epochs), fullLearningRates,
                lora.withTraining(lora.training().withEpochs(epochs)), seeds,
                subspace.map(sub -> new SubspaceSweep(sub.dimensions(), sub.targets(), sub.projection(), sub.said(),
                        sub.learningRates(), sub.training().withEpochs(epochs))), protocol, others);
    }

    /** The same experiment with its subspace sweep at other dimensions d. */
    public ExperimentSpec withDimensions(List<Integer> dimensions) {
        SubspaceSweep sub = subspace.orElseThrow(() -> new IllegalArgumentException(name + " has no subspace section"));
        return new ExperimentSpec(name, description, precision, task, full, fullLearningRates, lora, seeds,
                Optional.of(new SubspaceSweep(dimensions, sub.targets(), sub.projection(), sub.said(), sub.learningRates(),
                        sub.training())), protocol, others);
    }

    /**
     * The canonical text, which {@code ExperimentRunner.fingerprint} hashes: every setting that changes what trains or
     * how it is chosen, one per line, and nothing that only describes the experiment (its name, its description, the
     * spec file's comments), so that editing those keeps the stored jobs.
     */
    public String canonicalText() {
        return String.join("\n", "precision=" + precision, "task=" + task, "full=" + full,
                "full_learning_rates=" + fullLearningRates, "lora=" + lora, "seeds=" + seeds,
                "subspace=" + subspace.map(String::valueOf).orElse("none"), "search=" + protocol.search(),
                "budget=" + protocol.budget(), "seed_scope=" + protocol.seedScope())
                + others.stream().map(o -> "\n" + o.method().label() + "=" + o).collect(java.util.stream.Collectors.joining());
    }

    /**
     * The canonical text of toolkits before {@link #canonicalText()}, which jobs stored by them carry in their
     * fingerprint: the record's form with name and description, without the subspace component when there is none and
     * without the seed scope when it is {@code training}.
     */
    public String formerCanonicalText() {
        return "ExperimentSpec[name=" + name + ", description=" + description + ", precision=" + precision + ", task="
                + task + ", full=" + full + ", fullLearningRates=" + fullLearningRates + ", lora=" + lora + ", seeds="
                + seeds + subspace.map(s -> ", subspace=" + s).orElse("") + ", search=" + protocol.search() + ", budget=" + protocol.budget() + (protocol.seedScope() == SeedScope.TRAINING ? ""
                : ", seedScope=" + protocol.seedScope()) + "]";
    }

    /** The rule every learning-rate search follows past its list. */
    public LearningRateSearch search() {
        return protocol.search();
    }

    /** The task a trial of {@code seed} runs on: the spec's, or under {@link SeedScope#ALL} one drawn for that seed. */
    public TaskConfig taskFor(long seed) {
        return protocol.seedScope() == SeedScope.TRAINING ? task
                : task.withSeed(protocol.seedScope().taskSeed(task.seed(), seed));
    }

    /** Full fine-tuning's settings at learning rate {@code learningRate}. */
    public TrainConfig fullAt(double learningRate) {
        return full.withLearningRate(learningRate);
    }
}
