package org.loralab.train;

/**
 * Adam settings (Kingma and Ba 2015), torch.optim defaults.
 *
 * @param learningRate step size, > 0 (default 1e-3)
 * @param beta1        first-moment decay in [0, 1) (default 0.9)
 * @param beta2        second-moment decay in [0, 1) (default 0.999)
 * @param epsilon      added to the denominator, > 0 (default 1e-8)
 * @param weightDecay  >= 0; decoupled (AdamW, Loshchilov and Hutter 2019) when {@code decoupled},
 *                     else added to the gradient as L2 (torch's Adam) (default 0)
 * @param decoupled    AdamW when true
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                         boolean decoupled) {

    public AdamConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning_rate must be a positive number, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight_decay must be >= 0, got " + weightDecay);
        }
    }

    /** Adam with torch's defaults and the given learning rate. */
    public static AdamConfig adam(double learningRate) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, 0.0, false);
    }

    /** AdamW with torch's defaults, the given learning rate and decoupled weight decay. */
    public static AdamConfig adamW(double learningRate, double weightDecay) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, weightDecay, true);
    }
}
