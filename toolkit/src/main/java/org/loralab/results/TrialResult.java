package org.loralab.results;

import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;

/**
 * One evaluated model. Full fine-tuning and LoRA train one model per learning rate of the search; the one with the best
 * validation metric is {@code selected}, and only selected trials enter task ranks, fractions of full and charts.
 *
 * @param method           how the model was obtained
 * @param config           the LoRA configuration's name ({@link LoraVariant#name()}); empty for other methods
 * @param rank             LoRA or truncation rank; 0 for base and full
 * @param seed             training seed
 * @param learningRate     the learning rate it was trained with (NaN for base and truncated)
 * @param trainableParams  trainable scalars during training (0 for base and truncated)
 * @param epochs           the epoch whose weights were kept (early stopping), 0 when not trained
 * @param trainLoss        mean loss on the training set after training
 * @param validationMetric the task metric on the validation set: what chooses
 * @param testLoss         mean loss on the test set
 * @param metric           the task metric m on the test set, higher is better (minus the test loss, or accuracy): what
 *                         reports
 * @param selected         whether the validation metric chose this trial among its learning rates (base and truncated
 *                         trials always are)
 * @param status           how training ended
 * @param testExamples     the test metric of each test example (selected trials that trained; empty otherwise): what
 *                         the paired bootstrap over test examples resamples
 * @param maxEpochs        the epochs it could train at most (a search's epochs double where its choice kept the last
 *                         one); 0 when not trained
 * @param source           the metric of the task the base model was pretrained on, after fine-tuning (forgetting);
 *                         {@link SourceScores#NONE} where the task has none
 */
public record TrialResult(Method method, String config, int rank, long seed, double learningRate, long trainableParams,
                          int epochs, double trainLoss, double validationMetric, double testLoss, double metric,
                          boolean selected, TrialStatus status, ExampleScores testExamples, int maxEpochs,
                          SourceScores source) {

    public TrialResult {
        if (config == null || config.isEmpty() == (method == Method.LORA)) {
            throw new IllegalArgumentException("LoRA trials name their configuration, other trials have none");
        }
        testExamples = testExamples == null ? ExampleScores.NONE : testExamples;
        source = source == null ? SourceScores.NONE : source;
    }

    /** A trial without source-task scores. */
    public TrialResult(Method method, String config, int rank, long seed, double learningRate, long trainableParams,
                       int epochs, double trainLoss, double validationMetric, double testLoss, double metric,
                       boolean selected, TrialStatus status, ExampleScores testExamples, int maxEpochs) {
        this(method, config, rank, seed, learningRate, trainableParams, epochs, trainLoss, validationMetric, testLoss, metric,
                selected, status, testExamples, maxEpochs, SourceScores.NONE);
    }

    /** A trial without per-example test scores, trained for at most the epochs it kept. */
    public TrialResult(Method method, String config, int rank, long seed, double learningRate, long trainableParams,
                       int epochs, double trainLoss, double validationMetric, double testLoss, double metric,
                       boolean selected, TrialStatus status) {
        this(method, config, rank, seed, learningRate, trainableParams, epochs, trainLoss, validationMetric, testLoss, metric,
                selected, status, ExampleScores.NONE, epochs);
    }

    /** This trial with its source-task scores. */
    public TrialResult withSource(SourceScores scores) {
        return new TrialResult(method, config, rank, seed, learningRate, trainableParams, epochs, trainLoss, validationMetric,
                testLoss, metric, selected, status, testExamples, maxEpochs, scores);
    }

    public boolean ok() {
        return status == TrialStatus.OK;
    }
}
