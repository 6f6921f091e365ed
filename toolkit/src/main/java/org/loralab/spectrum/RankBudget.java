package org.loralab.spectrum;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Ranks per module from measured singular values under a budget of trainable parameters: what a LoRA adapter of rank
 * r_m on a module of shape (out, in) costs, r_m (out + in), summed over modules. Greedy on energy per parameter: every
 * module starts at rank 1, then the module whose next singular value adds the most sigma^2 per parameter it costs
 * gets one more rank, while the budget allows (a module whose next rank no longer fits drops out, smaller ones may
 * still fit), up to min(out, in) and the singular values measured. Ties go to the module listed first.
 */
public final class RankBudget {
    private RankBudget() {
    }

    /** A module to allocate to: its singular values (descending) and its shape. */
    public record Module(String name, double[] sigma, int out, int in) {
        public Module {
            if (out < 1 || in < 1) {
                throw new IllegalArgumentException("module '" + name + "' has shape " + out + "x" + in);
            }
        }

        /** Parameters one rank of an adapter on this module costs. */
        public long costPerRank() {
            return (long) out + in;
        }

        int maxRank() {
            return Math.min(Math.min(out, in), Math.max(1, sigma.length));
        }
    }

    /** The budget of rank {@code rank} in every module: rank times the sum of out + in. */
    public static long uniformBudget(List<Module> modules, int rank) {
        return rank * modules.stream().mapToLong(Module::costPerRank).sum();
    }

    /**
     * The rank of each module (in the order given) under {@code budget} parameters.
     *
     * @throws IllegalArgumentException when the budget does not pay for rank 1 in every module
     */
    public static Map<String, Integer> allocate(List<Module> modules, long budget) {
        long left = budget - uniformBudget(modules, 1);
        if (left < 0) {
            throw new IllegalArgumentException("a budget of " + budget + " parameters does not pay for rank 1 in each of the "
                    + modules.size() + " modules (" + uniformBudget(modules, 1) + ")");
        }
        int[] ranks = new int[modules.size()];
        java.util.Arrays.fill(ranks, 1);
        PriorityQueue<Offer> offers = new PriorityQueue<>((a, b) -> a.value() != b.value()
                ? Double.compare(b.value(), a.value()) : Integer.compare(a.module(), b.module()));
        for (int i = 0; i < modules.size(); i++) {
            offer(modules, ranks, i, offers);
        }
        while (!offers.isEmpty()) {
            Offer best = offers.poll();
            Module m = modules.get(best.module());
            if (m.costPerRank() > left) {
                continue; // this module's next rank no longer fits; a cheaper module's may
            }
            ranks[best.module()]++;
            left -= m.costPerRank();
            offer(modules, ranks, best.module(), offers);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            out.put(modules.get(i).name(), ranks[i]);
        }
        return out;
    }

    /** One more rank of {@code module}, worth {@code value} = sigma^2 per parameter. */
    private record Offer(int module, double value) {
    }

    private static void offer(List<Module> modules, int[] ranks, int i, PriorityQueue<Offer> offers) {
        Module m = modules.get(i);
        if (ranks[i] < m.maxRank()) {
            double s = m.sigma()[ranks[i]]; // the next singular value, 0-based: ranks[i] taken so far
            offers.add(new Offer(i, s * s / m.costPerRank()));
        }
    }
}
