package org.loralab.testing;

import java.util.List;
import org.loralab.experiment.FullUpdateSpectra;
import org.loralab.experiment.Job;
import org.loralab.experiment.Method;
import org.loralab.experiment.MethodSweep;
import org.loralab.experiment.MethodType;
import org.loralab.experiment.SpecReader;
import org.loralab.nn.Model;
import org.loralab.spec.SpecNode;
import org.loralab.task.TaskConfig;
import org.loralab.train.TrainConfig;

/**
 * A training method with a bug planted in it (its adaptation throws), for the tests of what a fault in the toolkit
 * looks like to a user: exit status 1, "internal error" and the stack trace, nothing half written. Spec section
 * {@code planted_fault:} with training settings.
 */
public final class FaultyMethod implements MethodType {
    static final String KEY = "planted_fault";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public MethodSweep read(SpecNode section, TaskConfig task) {
        SpecReader.Search search = SpecReader.Search.read(section, KEY);
        section.finish();
        return new Sweep(search.learningRates(), search.training());
    }

    record Sweep(List<Double> learningRates, TrainConfig training) implements MethodSweep {
        @Override
        public Method method() {
            return Method.fromLabel(KEY);
        }

        @Override
        public String title() {
            return "a method with a planted fault";
        }

        @Override
        public List<Job> jobs(long seed) {
            return List.of(Job.of(method(), 0, seed));
        }

        @Override
        public Model adapt(Model base, Job job, FullUpdateSpectra fullUpdates) {
            throw new IllegalStateException("a planted fault");
        }
    }
}
