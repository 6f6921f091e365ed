package org.loralab.study;

import org.loralab.experiment.ExperimentSpec;

/**
 * One experiment of a study: the study's spec with its axes' values set at one point, run into its own folder exactly
 * like a spec of its own.
 *
 * @param label    the folder and the name suffix, for example {@code width-64}
 * @param spec     the experiment
 * @param specText its YAML, kept with its jobs so that its shards merge without the study
 */
public record StudyPoint(String label, ExperimentSpec spec, String specText) {
}
