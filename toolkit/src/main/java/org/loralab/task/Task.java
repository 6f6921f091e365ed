package org.loralab.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.loralab.data.Dataset;
import org.loralab.nn.Model;
import org.loralab.train.Loss;
import org.loralab.train.Trainer;

/** A fine-tuning task: a base model, data, the training loss and the task metric (higher is better). */
public interface Task {

    /** A fresh copy of the base model W0 (each call a new copy, so trials never share weights). */
    Model baseModel();

    /** The data fine-tuning trains on. */
    Dataset train();

    /** Held-out data that chooses: the learning rate, the stopping epoch, the best configuration. */
    Dataset validation();

    /** Held-out data that reports: every metric of a report is measured here, never used to choose. */
    Dataset test();

    /** The loss fine-tuning minimises. */
    Loss loss();

    /** The mean loss of {@code model} on {@code data}, in evaluation mode. */
    default double meanLoss(Model model, Dataset data) {
        return Trainer.evaluate(model, data, loss());
    }

    /**
     * The task metric m of {@code model} on {@code data}, higher is better (the m of r90, docs/metrics.md); by default
     * minus the {@link #meanLoss}, for tasks whose loss is what they measure.
     */
    default double metric(Model model, Dataset data) {
        return -meanLoss(model, data);
    }

    /**
     * The task metric of each example of {@code data} (a row: an image, a regression input, a text window), whose mean is
     * {@link #metric} (to rounding): what a bootstrap over test examples resamples. By default minus each example's
     * loss, for tasks whose metric is minus the mean loss.
     */
    default double[] exampleMetrics(Model model, Dataset data) {
        return Trainer.exampleLosses(model, data, loss()).map(l -> -l).toArray();
    }

    /**
     * What was measured about the task when it was built (for example the base model against a simple baseline), one
     * sentence each, for reports; empty when there is nothing to say.
     */
    default List<String> notes() {
        return List.of();
    }

    /**
     * The task the base model was pretrained on, to measure forgetting after fine-tuning; empty for tasks that do not
     * transfer from one.
     */
    default Optional<SourceTask> source() {
        return Optional.empty();
    }

    /** The planted updates dW* by module, when the task has a known answer; empty otherwise. */
    Map<String, DMatrixRMaj> plantedUpdates();
}
