package org.loralab.experiment;

import java.util.Map;

/** The singular values of a seed's selected full fine-tuning update, by linear module. */
@FunctionalInterface
public interface FullUpdateSpectra {
    /** Never called by methods that do not need it; a run computes them at most once per seed. */
    Map<String, double[]> of(long seed);
}
