package org.loralab.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.spectrum.RankBudget;
import org.loralab.lora.InitScheme;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.nn.Model;
import org.loralab.lora.TargetModules;
import org.loralab.train.AdamConfig;
import org.loralab.train.TrainConfig;

/**
 * The LoRA side of an experiment: a grid of adapter configurations (target modules x alpha rule), each trained at
 * every rank with every learning rate of the search; the validation metric picks the learning rate per (configuration,
 * rank, seed). Without a grid each list has one entry and there is one variant.
 *
 * @param ranks         ranks to train, ascending, distinct, >= 1
 * @param targetSets    target module sets, distinct
 * @param alphas        lora_alpha values and scaling rules, distinct
 * @param learningRates the learning rates searched, distinct
 * @param useRslora     scaling alpha / sqrt(r)
 * @param dropout       adapter dropout in [0, 1)
 * @param init          initialisation of A and B
 * @param savedSets     sets of modules trained in full alongside the adapters ({@code modules_to_save}), distinct; more
 *                      than one is a grid dimension
 * @param training      optimisation settings; each variant's learning rate and the trial's seed replace its own
 * @param allocations   how the rank is spread over the target modules, distinct; more than one is a grid dimension
 */
public record LoraSweep(List<Integer> ranks, List<TargetModules> targetSets, List<LoraAlpha> alphas,
                        List<Double> learningRates, boolean useRslora, double dropout, InitScheme init,
                        List<List<String>> savedSets, TrainConfig training, List<RankAllocation> allocations)
        implements MethodSweep {
    /** The name of the adapter each LoRA job trains (PEFT's default name). */
    public static final String ADAPTER = "default";

    public LoraSweep {
        if (ranks == null || ranks.isEmpty()) {
            throw new IllegalArgumentException("ranks must list at least one rank");
        }
        ranks = ranks.stream().sorted().toList();
        for (int i = 0; i < ranks.size(); i++) {
            if (ranks.get(i) < 1) {
                throw new IllegalArgumentException("ranks must all be >= 1, got " + ranks.get(i));
            }
            if (i > 0 && ranks.get(i).equals(ranks.get(i - 1))) {
                throw new IllegalArgumentException("ranks must be distinct, " + ranks.get(i) + " appears twice");
            }
        }
        targetSets = distinct("target_modules", targetSets);
        alphas = distinct("alpha", alphas);
        learningRates = distinct("learning_rate", learningRates);
        learningRates.forEach(AdamConfig::adam); // validates each
        savedSets = distinct("modules_to_save", savedSets.stream().map(List::copyOf).toList());
        allocations = distinct("rank_allocation", allocations == null ? List.of(RankAllocation.UNIFORM) : allocations);
        for (TargetModules targets : targetSets) {
            for (List<String> saved : savedSets) {
                // validates dropout, init, targets and modules to save (fields are not yet assigned here)
                new LoraConfig(ranks.get(0), 1.0, useRslora, dropout, init, targets, saved);
            }
        }
    }

    /** A sweep whose every configuration has the same rank in each target module. */
    public LoraSweep(List<Integer> ranks, List<TargetModules> targetSets, List<LoraAlpha> alphas,
                     List<Double> learningRates, boolean useRslora, double dropout, InitScheme init,
                     List<List<String>> savedSets, TrainConfig training) {
        this(ranks, targetSets, alphas, learningRates, useRslora, dropout, init, savedSets, training,
                List.of(RankAllocation.UNIFORM));
    }

    /**
     * The record's form, with the allocations only when they are not uniform alone: what the spec's fingerprint hashes,
     * so that specs written before rank allocation keep their stored jobs.
     */
    @Override
    public String toString() {
        return "LoraSweep[ranks=" + ranks + ", targetSets=" + targetSets + ", alphas=" + alphas + ", learningRates="
                + learningRates + ", useRslora=" + useRslora + ", dropout=" + dropout + ", init=" + init + ", savedSets="
                + savedSets + ", training=" + training + (allocations.equals(List.of(RankAllocation.UNIFORM)) ? ""
                : ", allocations=" + allocations) + "]";
    }

    /** One configuration, trained at each of {@code ranks}. */
    public static LoraSweep single(List<Integer> ranks, TargetModules targets, LoraAlpha alpha, boolean useRslora,
                                   double dropout, InitScheme init, List<String> modulesToSave, TrainConfig training) {
        return new LoraSweep(ranks, List.of(targets), List.of(alpha), List.of(training.optimizer().learningRate()),
                useRslora, dropout, init, List.of(modulesToSave), training);
    }

    private static <T> List<T> distinct(String key, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one value");
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(key + " values must be distinct, got " + values);
        }
        return List.copyOf(values);
    }

    /**
     * Every configuration of the grid, in a fixed order (target sets, then alphas, then modules to save, then
     * allocations). Each is named by the values that vary across the grid, and by its allocation when that is not
     * uniform.
     */
    public List<LoraVariant> variants() {
        List<LoraVariant> out = new ArrayList<>();
        for (TargetModules t : targetSets) {
            for (LoraAlpha a : alphas) {
                for (List<String> saved : savedSets) {
                    for (RankAllocation allocation : allocations) {
                        out.add(new LoraVariant(variantName(t, a, saved, allocation), t, a, saved, allocation));
                    }
                }
            }
        }
        return out;
    }

    private String variantName(TargetModules t, LoraAlpha a, List<String> saved, RankAllocation allocation) {
        List<String> parts = new ArrayList<>();
        if (targetSets.size() > 1) {
            parts.add("targets=" + t.label());
        }
        if (alphas.size() > 1) {
            parts.add("alpha=" + a);
        }
        if (savedSets.size() > 1) {
            parts.add("save=" + LoraVariant.savedLabel(saved));
        }
        if (allocations.size() > 1 || allocation != RankAllocation.UNIFORM) {
            parts.add("allocation=" + allocation.label());
        }
        return parts.isEmpty() ? LoraVariant.DEFAULT : String.join(" ", parts);
    }

    /** Whether the sweep has more than one configuration. */
    public boolean isGrid() {
        return targetSets.size() * alphas.size() * savedSets.size() * allocations.size() > 1;
    }

    /** The first configuration of the grid (the only one without a grid). */
    public LoraVariant firstVariant() {
        return variants().get(0);
    }

    /** The variant called {@code name}. */
    public LoraVariant variant(String name) {
        return variants().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no LoRA configuration named '" + name + "'; there are "
                        + variants().stream().map(LoraVariant::name).toList()));
    }

    public LoraSweep withRanks(List<Integer> newRanks) {
        return new LoraSweep(newRanks, targetSets, alphas, learningRates, useRslora, dropout, init, savedSets, training,
                allocations);
    }

    public LoraSweep withAllocations(List<RankAllocation> newAllocations) {
        return new LoraSweep(ranks, targetSets, alphas, learningRates, useRslora, dropout, init, savedSets, training,
                newAllocations);
    }

    public LoraSweep withTraining(TrainConfig newTraining) {
        return new LoraSweep(ranks, targetSets, alphas, learningRates, useRslora, dropout, init, savedSets, newTraining,
                allocations);
    }

    /** The adapter configuration of {@code variant} at rank {@code rank}. */
    public LoraConfig configFor(LoraVariant variant, int rank) {
        return new LoraConfig(rank, variant.alpha().at(rank), useRslora || variant.alpha().rsLora(), dropout, init,
                variant.targets(), variant.modulesToSave());
    }

    /**
     * The adapter configuration of {@code variant} at rank {@code rank} given the spectra of its target modules'
     * updates: for {@link RankAllocation#ENERGY}, ranks per module ({@link RankBudget}) under the budget of rank
     * {@code rank} in every one of {@code targets}, each module's lora_alpha by the variant's alpha rule at its rank
     * (PEFT's rank_pattern and alpha_pattern); for uniform allocation, {@link #configFor(LoraVariant, int)}.
     *
     * @param targets the modules the variant adapts, each with the singular values of the update that guides it
     */
    public LoraConfig configFor(LoraVariant variant, int rank, List<RankBudget.Module> targets) {
        LoraConfig uniform = configFor(variant, rank);
        if (variant.allocation() == RankAllocation.UNIFORM) {
            return uniform;
        }
        Map<String, Integer> ranks = new LinkedHashMap<>();
        Map<String, Double> alphas = new LinkedHashMap<>();
        RankBudget.allocate(targets, RankBudget.uniformBudget(targets, rank)).forEach((module, r) -> {
            if (r != rank) {
                ranks.put(module, r);
            }
            if (variant.alpha().at(r) != uniform.alpha()) {
                alphas.put(module, variant.alpha().at(r));
            }
        });
        return uniform.withPatterns(ranks, alphas);
    }

    @Override
    public Method method() {
        return Method.LORA;
    }

    @Override
    public String title() {
        return "LoRA";
    }

    /** Per configuration, per rank. */
    @Override
    public List<Job> jobs(long seed) {
        List<Job> jobs = new ArrayList<>();
        for (LoraVariant variant : variants()) {
            for (int rank : ranks) {
                jobs.add(Job.lora(variant, rank, seed));
            }
        }
        return jobs;
    }

    /**
     * The base with adapter {@link #ADAPTER} of the job's configuration and rank, initialised from the job's seed; with
     * energy allocation, the ranks per module come from the same seed's full fine-tuning update.
     */
    @Override
    public Model adapt(Model base, Job job, FullUpdateSpectra fullUpdates) {
        LoraVariant variant = job.variant();
        LoraConfig config = variant.allocation() == RankAllocation.UNIFORM ? configFor(variant, job.rank())
                : configFor(variant, job.rank(), allocationTargets(base, variant, fullUpdates.of(job.seed())));
        LoraInjector.inject(base, ADAPTER, config, job.seed());
        return base;
    }

    /** The modules {@code variant} adapts, each with its update's singular values. */
    private static List<RankBudget.Module> allocationTargets(Model base, LoraVariant variant, Map<String, double[]> sigma) {
        return base.modules().entrySet().stream().filter(e -> variant.targets().matches(e.getKey()))
                .map(e -> new RankBudget.Module(e.getKey(), sigma.get(e.getKey()), e.getValue().outFeatures(),
                        e.getValue().inFeatures())).toList();
    }
}
