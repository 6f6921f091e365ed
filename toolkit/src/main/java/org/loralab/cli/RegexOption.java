package org.loralab.cli;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.loralab.BadInputException;

/** A command-line option whose value is a regular expression: compiled, or one clear error. */
final class RegexOption {
    private RegexOption() {
    }

    /** {@code value} compiled, or null when the option was not given. */
    static Pattern compile(String option, String value) {
        try {
            return value == null ? null : Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new BadInputException(option + ": invalid regular expression (" + e.getDescription() + ")");
        }
    }
}
