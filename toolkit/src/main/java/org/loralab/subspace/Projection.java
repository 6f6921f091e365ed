package org.loralab.subspace;

/**
 * A fixed random linear map P from R^d to R^D (d free parameters to D weights), with its transpose for gradients:
 * theta = theta_0 + P theta_d, so dL/dtheta_d = P^T dL/dtheta. Entries behave as independent N(0, 1/D), so that
 * E ||P x||^2 = ||x||^2: a step of given length in the subspace moves the weights by about as much, whatever d and D.
 */
public interface Projection {

    /** d, the subspace's dimension. */
    int dimension();

    /** D, the number of weights it reaches. */
    long outputs();

    /** {@code out = P x}; {@code x} has d entries, {@code out} D (overwritten). */
    void apply(double[] x, double[] out);

    /** {@code out = P^T g}; {@code g} has D entries, {@code out} d (overwritten). */
    void applyTransposed(double[] g, double[] out);
}
