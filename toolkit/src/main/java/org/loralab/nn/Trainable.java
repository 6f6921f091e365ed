package org.loralab.nn;

import java.util.List;

/** A module whose parameters can be frozen or trained as a whole (what {@code modules_to_save} unfreezes). */
public interface Trainable {

    /** Freezes ({@code false}) or unfreezes every parameter of the module. */
    void setTrainable(boolean trainable);

    /** The parameters an optimizer may update now: all of them, or none when frozen. */
    List<Parameter> trainableParameters();
}
