package org.loralab.gpu.app;

import java.util.List;
import java.util.Locale;

/**
 * One quantity of one check against its reference: the norm-wise relative error ||got - want|| / ||want||
 * (a worst element would be dominated by values near zero, where relative error means nothing), held to at most
 * {@code tolerance}; or, for a floor ({@code atLeast}), a largest error that must reach {@code tolerance}: evidence that
 * the reduced precision was used at all.
 */
record Comparison(String check, String quantity, String precision, double error, double tolerance, boolean atLeast) {

    Comparison(String check, String quantity, String precision, double error, double tolerance) {
        this(check, quantity, precision, error, tolerance, false);
    }

    /**
     * The largest error of {@code results} held to at least {@code floor}: a backend that rounds less than its
     * precision says (TF32 or bfloat16 products computed in FP32) fails it.
     */
    static Comparison floor(String check, String precision, List<Comparison> results, double floor) {
        double largest = results.stream().mapToDouble(Comparison::error).max().orElse(0);
        return new Comparison(check, "largest error (at least)", precision, largest, floor, true);
    }

    static Comparison of(String check, String quantity, String precision, float[] got, double[] want, double tolerance) {
        if (got.length != want.length) {
            throw new IllegalStateException(check + " " + quantity + ": " + got.length + " values, reference has " + want.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < got.length; i++) {
            double d = got[i] - want[i];
            diff += d * d;
            norm += want[i] * want[i];
        }
        double error = Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
        return new Comparison(check, quantity, precision, Double.isFinite(error) ? error : Double.POSITIVE_INFINITY, tolerance);
    }

    boolean passed() {
        return atLeast ? error >= tolerance : error <= tolerance;
    }

    String csvRow() {
        return String.format(Locale.ROOT, "%s,%s,%s,%.3e,%.1e,%s", check, quantity, precision, error, tolerance,
                passed() ? "pass" : "FAIL");
    }

    static String csvHeader() {
        return "check,quantity,precision,relative_error,tolerance,result";
    }
}
