package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.loralab.results.ExperimentResults;
import org.loralab.testing.ForgettingResults;

class ForgettingSectionTest {

    @Test
    void theVerdictGivesLorasShareOfFullFineTuningsForgettingAndItsTrendInRank() {
        ExperimentResults r = ForgettingResults.of(0.7);
        String line = ForgettingSection.verdict(r, r.bestVariant(), 4).orElseThrow();
        assertThat(line).contains("full fine-tuning takes it from 0.9000 to 0.6000", "at r = 4 LoRA forgets 50% of what full "
                + "fine-tuning forgets (95% interval over seeds 50% to 50%)", "by rank r = 1 25%, r = 4 50%, r = 8 75%: lower ranks "
                + "forget less.");
    }

    @Test
    void aSeedWhoseFullFineTuningForgotNothingIsLeftOutOfTheShares() {
        ExperimentResults r = ForgettingResults.of(0.95); // seed 2's full fine-tuning forgot nothing: seed 1's shares only
        assertThat(ForgettingSection.verdict(r, r.bestVariant(), 8).orElseThrow()).contains("forgets 75% of what");
        assertThat(ForgettingSection.figure(r).name()).isEqualTo("learn-forget");
    }
}
