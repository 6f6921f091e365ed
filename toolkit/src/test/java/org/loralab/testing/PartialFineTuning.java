package org.loralab.testing;

import java.util.List;
import org.loralab.experiment.FullUpdateSpectra;
import org.loralab.experiment.Job;
import org.loralab.experiment.Method;
import org.loralab.experiment.MethodSweep;
import org.loralab.experiment.MethodType;
import org.loralab.experiment.SpecReader;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Model;
import org.loralab.spec.SpecNode;
import org.loralab.task.TaskConfig;
import org.loralab.train.TrainConfig;

/**
 * A training method that exists only in the tests, to show that a method is one class and one service line
 * ({@code src/test/resources/META-INF/services/org.loralab.experiment.MethodType}): partial fine-tuning, every weight
 * and bias of the named linear modules trains and nothing else does. Spec section:
 * <pre>
 * partial:
 *   target_modules: [layers.1]
 *   learning_rate: [0.01, 0.003]
 *   epochs: 2
 *   batch_size: 16
 * </pre>
 */
public final class PartialFineTuning implements MethodType {
    static final String KEY = "partial";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public List<org.loralab.spec.SpecKey> keys() {
        List<org.loralab.spec.SpecKey> keys = new java.util.ArrayList<>(MethodType.super.keys());
        keys.add(org.loralab.spec.SpecKey.optional("target_modules", "list of module names", "[]", "the modules that train"));
        return keys;
    }

    @Override
    public MethodSweep read(SpecNode section, TaskConfig task) {
        List<String> targets = section.texts("target_modules", List.of());
        List<String> modules = task.model().moduleShapes().keySet().stream().filter(TargetModules.names(targets)::matches)
                .toList();
        if (modules.isEmpty()) {
            throw section.error("key '" + KEY + ".target_modules' matches no module; modules are "
                    + task.model().moduleShapes().keySet());
        }
        SpecReader.Search search = SpecReader.Search.read(section, KEY);
        section.finish();
        return new Sweep(modules, search.learningRates(), search.training());
    }

    /** The settings: which modules train, the learning rates searched, the budget. */
    record Sweep(List<String> modules, List<Double> learningRates, TrainConfig training) implements MethodSweep {
        @Override
        public Method method() {
            return Method.fromLabel(KEY);
        }

        @Override
        public String title() {
            return "partial fine-tuning of " + String.join(", ", modules);
        }

        @Override
        public List<Job> jobs(long seed) {
            return List.of(Job.of(method(), 0, seed));
        }

        @Override
        public Model adapt(Model base, Job job, FullUpdateSpectra fullUpdates) {
            base.setBaseTrainable(false);
            modules.forEach(m -> base.module(m).base().setTrainable(true));
            return base;
        }
    }
}
