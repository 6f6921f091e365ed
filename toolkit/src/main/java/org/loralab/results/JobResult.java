package org.loralab.results;

import java.util.List;
import org.loralab.experiment.Job;
import org.loralab.peft.PeftAdapter;
import org.loralab.spectrum.UpdateSpectrum;

/**
 * What one {@link Job} produced.
 *
 * @param job     the job
 * @param trials  evaluated models
 * @param spectra spectra of the full fine-tuning updates (full jobs only)
 * @param seconds wall-clock time of the job (kept out of the trial tables, which must be reproducible)
 * @param adapter the trained LoRA adapter, on its way to the job store; null for full fine-tuning, diverged trials and
 *                results read back from the store (which keeps adapters as PEFT folders)
 * @param computedBy the {@link CodeVersion} that computed the job; null for jobs of stores written before it was kept
 */
public record JobResult(Job job, List<TrialResult> trials, List<UpdateSpectrum> spectra, double seconds,
                        PeftAdapter adapter, String computedBy) {

    public JobResult {
        trials = List.copyOf(trials);
        spectra = List.copyOf(spectra);
    }

    /** A result computed by this process's code. */
    public JobResult(Job job, List<TrialResult> trials, List<UpdateSpectrum> spectra, double seconds,
                     PeftAdapter adapter) {
        this(job, trials, spectra, seconds, adapter, CodeVersion.current());
    }

    /** A result without an adapter, computed by this process's code. */
    public JobResult(Job job, List<TrialResult> trials, List<UpdateSpectrum> spectra, double seconds) {
        this(job, trials, spectra, seconds, null);
    }
}
