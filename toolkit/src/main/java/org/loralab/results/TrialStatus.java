package org.loralab.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a trial's training ended: {@code ok}, or {@code diverged} (a NaN or infinite loss). Written in lower case. */
public enum TrialStatus {
    OK,
    DIVERGED;

    /** The status as trials.csv and stored jobs spell it. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status that {@link #toString} spells {@code text}. */
    @JsonCreator
    public static TrialStatus parse(String text) {
        return Arrays.stream(values()).filter(s -> s.toString().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("trial status is ok or diverged, got '" + text + "'"));
    }
}
