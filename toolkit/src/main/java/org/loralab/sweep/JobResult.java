package org.loralab.sweep;

import java.util.List;
import org.loralab.spectrum.UpdateSpectrum;

/**
 * What one {@link Job} produced.
 *
 * @param job     the job
 * @param trials  evaluated models
 * @param spectra spectra of the full fine-tuning updates (full jobs only)
 * @param seconds wall-clock time of the job (kept out of the trial tables, which must be reproducible)
 */
public record JobResult(Job job, List<TrialResult> trials, List<UpdateSpectrum> spectra, double seconds) {

    public JobResult {
        trials = List.copyOf(trials);
        spectra = List.copyOf(spectra);
    }
}
