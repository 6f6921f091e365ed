package org.loralab;

/**
 * A user mistake: a bad spec, option or file. The command line prints its message as one
 * {@code error:} line and exits with status 2; the message names the file, key or option at fault.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
