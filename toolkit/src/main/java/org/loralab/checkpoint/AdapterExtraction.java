package org.loralab.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.BadInputException;
import org.loralab.format.Checkpoint;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.LowRankMatrices;
import org.loralab.linalg.Svd;
import org.loralab.peft.PeftAdapter;
import org.loralab.spectrum.RankBudget;
import org.loralab.spectrum.SpectrumMetrics;
import org.loralab.spectrum.UpdateSpectrum;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A LoRA adapter extracted from a full fine-tune: per module, B A is the best rank-k approximation of dW = tuned - base
 * (Eckart-Young: the top k singular triplets), the square roots of the singular values split between B and A, with
 * lora_alpha = k in every module (scaling 1, PEFT's alpha_pattern where ranks differ). Two passes over the
 * checkpoints: the singular values of every update first (they choose the ranks), then the top singular vectors of
 * each update that keeps a rank.
 */
public final class AdapterExtraction {
    private AdapterExtraction() {
    }

    /** How many directions each module keeps: a rank per update, at least 1 and at most min(out, in). */
    public sealed interface RankChoice {
        /** The rank of each update, by tensor name. */
        Map<String, Integer> ranks(List<UpdateSpectrum> updates);

        /** The same rank in every module (capped at min(out, in)). */
        record Fixed(int rank) implements RankChoice {
            @Override
            public Map<String, Integer> ranks(List<UpdateSpectrum> updates) {
                Map<String, Integer> out = new LinkedHashMap<>();
                updates.forEach(u -> out.put(u.tensor(), Math.min(rank, Math.min(u.rows(), u.cols()))));
                return out;
            }
        }

        /** Per module, the smallest rank whose singular values hold this share of sum sigma^2. */
        record Energy(double share) implements RankChoice {
            @Override
            public Map<String, Integer> ranks(List<UpdateSpectrum> updates) {
                Map<String, Integer> out = new LinkedHashMap<>();
                updates.forEach(u -> out.put(u.tensor(), Math.max(1, SpectrumMetrics.energyRank(u.sigma(), share))));
                return out;
            }
        }

        /** Ranks per module under a total of trainable parameters ({@link RankBudget}). */
        record Budget(long parameters) implements RankChoice {
            @Override
            public Map<String, Integer> ranks(List<UpdateSpectrum> updates) {
                try {
                    return RankBudget.allocate(updates.stream().map(u -> new RankBudget.Module(u.tensor(), u.sigma(),
                            u.rows(), u.cols())).toList(), parameters);
                } catch (IllegalArgumentException tooSmall) {
                    throw new BadInputException("--budget: " + tooSmall.getMessage());
                }
            }
        }
    }

    /**
     * One extracted module.
     *
     * @param module     the module path (the weight tensor's name without {@code .weight})
     * @param rows       out
     * @param cols       in
     * @param rank       the rank kept
     * @param keptEnergy sum of the kept sigma^2 over the sum of all (1 for a zero update)
     * @param sigma      every singular value of dW, descending
     */
    public record Module(String module, int rows, int cols, int rank, double keptEnergy, double[] sigma) {
        /** ||dW - B A||_F / ||dW||_F of the best rank-k approximation: sqrt(1 - kept energy). */
        public double relativeError() {
            return Math.sqrt(Math.max(0, 1 - keptEnergy));
        }
    }

    /** The adapter, what each module kept, and the tensors left out with the reason. */
    public record Extraction(PeftAdapter adapter, List<Module> modules, List<CheckpointAnalysis.Skipped> skipped) {
    }

    /**
     * Extracts an adapter from every 2-D {@code <module>.weight} tensor the two checkpoints share that {@code options}
     * include (dW transposed to [out, in] under {@code conv1d}, and the adapter then says fan_in_fan_out).
     *
     * @throws BadInputException for mismatched checkpoints (unless skipped), non-finite values, a choice that keeps
     *                            nothing, or no module to extract
     */
    public static Extraction extract(Checkpoint base, Checkpoint tuned, CheckpointAnalysis.Options options, RankChoice choice,
                                     CheckpointAnalysis.Listener listener) {
        CheckpointAnalysis.Options all = new CheckpointAnalysis.Options(options.include(), OptionalInt.empty(), options.conv1d(),
                options.skipMismatched());
        CheckpointAnalysis.Result spectra = CheckpointAnalysis.pair(base, tuned, all, listener);
        List<CheckpointAnalysis.Skipped> skipped = new ArrayList<>(spectra.skipped());
        List<UpdateSpectrum> weights = new ArrayList<>();
        for (UpdateSpectrum s : spectra.spectra()) {
            if (s.tensor().endsWith(".weight")) {
                weights.add(s);
            } else {
                skipped.add(new CheckpointAnalysis.Skipped(s.tensor(), "not a module weight (<module>.weight)"));
            }
        }
        if (weights.isEmpty()) {
            throw new BadInputException("no 2-D <module>.weight tensor to extract an adapter from");
        }
        Map<String, Integer> ranks = choice.ranks(weights);
        Map<String, PeftAdapter.Factors> factors = new LinkedHashMap<>();
        List<Module> modules = new ArrayList<>();
        for (UpdateSpectrum s : weights) {
            String module = s.tensor().substring(0, s.tensor().length() - ".weight".length());
            int k = ranks.get(s.tensor());
            DMatrixRMaj delta = tuned.matrix(s.tensor(), options.conv1d());
            CommonOps_DDRM.subtractEquals(delta, base.matrix(s.tensor(), options.conv1d()));
            factors.put(module, factors(Lapack.svd(delta), k));
            modules.add(new Module(module, s.rows(), s.cols(), k, keptEnergy(s.sigma(), k), s.sigma()));
        }
        int r = mostCommon(modules);
        Map<String, Double> alphas = new LinkedHashMap<>();
        modules.stream().filter(m -> m.rank() != r).forEach(m -> alphas.put(m.module(), (double) m.rank()));
        PeftAdapter adapter = new PeftAdapter(r, r, false, 0, List.copyOf(factors.keySet()), options.conv1d(), factors, alphas);
        return new Extraction(adapter, modules, skipped);
    }

    /**
     * {@code extraction.csv}: per module, its shape, the rank kept, the parameters of its factors, the share of sum
     * sigma^2 kept and ||dW - B A||_F / ||dW||_F.
     */
    public static Table table(Extraction extraction) {
        StringColumn module = StringColumn.create("module");
        IntColumn rows = IntColumn.create("rows");
        IntColumn cols = IntColumn.create("cols");
        IntColumn rank = IntColumn.create("rank");
        LongColumn parameters = LongColumn.create("parameters");
        DoubleColumn kept = DoubleColumn.create("kept_energy");
        DoubleColumn error = DoubleColumn.create("relative_error");
        for (Module m : extraction.modules()) {
            module.append(m.module());
            rows.append(m.rows());
            cols.append(m.cols());
            rank.append(m.rank());
            parameters.append((long) m.rank() * (m.rows() + m.cols()));
            kept.append(m.keptEnergy());
            error.append(m.relativeError());
        }
        return Table.create("extraction", module, rows, cols, rank, parameters, kept, error);
    }

    /** B = U_k sqrt(S_k) [out, k] and A = sqrt(S_k) V_k^T [k, in]: B A is the best rank-k approximation. */
    private static PeftAdapter.Factors factors(Svd svd, int k) {
        double[] root = new double[k];
        for (int i = 0; i < k; i++) {
            root[i] = Math.sqrt(svd.s()[i]);
        }
        DMatrixRMaj b = LowRankMatrices.scaledColumns(svd.u(), root, k);
        DMatrixRMaj a = CommonOps_DDRM.transpose(LowRankMatrices.scaledColumns(svd.v(), root, k), null);
        return new PeftAdapter.Factors(a, b);
    }

    private static double keptEnergy(double[] sigma, int k) {
        double total = 0;
        double kept = 0;
        for (int i = 0; i < sigma.length; i++) {
            total += sigma[i] * sigma[i];
            kept += i < k ? sigma[i] * sigma[i] : 0;
        }
        return total == 0 ? 1 : kept / total;
    }

    /** The most common rank, the larger on a tie (PEFT's {@code r}; the others go into rank_pattern). */
    private static int mostCommon(List<Module> modules) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        modules.forEach(m -> counts.merge(m.rank(), 1L, Long::sum));
        return counts.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
    }
}
