package org.loralab.peft;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.loralab.BadInputException;
import org.loralab.format.Checkpoint;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsWriter;
import org.loralab.format.TensorInfo;
import org.loralab.linalg.Lapack;

/**
 * Merges a PEFT adapter into a base checkpoint: W' = W + scaling B A computed in double, then rounded once to the
 * base tensor's type, written with every other tensor unchanged into one safetensors file (one tensor in
 * memory at a time). Under {@code fan_in_fan_out} (GPT-2's Conv1D weights, stored [in, out]) the update is added
 * transposed. Reports what the rounding did to the updates.
 */
public final class AdapterMerge {
    private AdapterMerge() {
    }

    /**
     * The rounding of one merged weight.
     *
     * @param module           the adapted module
     * @param maxAbsError      max |stored W' - exact W'|
     * @param relativeToUpdate ||stored W' - exact W'||_F / ||scaling B A||_F: the share of the update the rounding changed
     */
    public record Rounding(String module, DType dtype, double maxAbsError, double relativeToUpdate) {
    }

    /** Writes the merged checkpoint to {@code out}; returns the rounding of every merged module. */
    public static List<Rounding> merge(Checkpoint base, PeftAdapter adapter, Path out) {
        Map<String, String> moduleOfWeight = new LinkedHashMap<>();
        for (Map.Entry<String, PeftAdapter.Factors> e : adapter.modules().entrySet()) {
            String weight = e.getKey() + ".weight";
            if (!base.contains(weight)) {
                throw new BadInputException(base.source() + ": no tensor '" + weight + "' for adapter module '" + e.getKey() + "'");
            }
            TensorInfo info = base.info(weight);
            PeftAdapter.Factors f = e.getValue();
            long[] expected = adapter.baseWeightShape(f);
            if (!info.isMatrix() || info.shape()[0] != expected[0] || info.shape()[1] != expected[1]) {
                throw new BadInputException(base.fileOf(weight) + ": tensor '" + weight + "' has shape " + info.shapeText()
                        + " but the adapter's update is " + f.b().numRows + "x" + f.a().numCols + " (out x in), so the base"
                        + " weight must be " + expected[0] + "x" + expected[1] + (adapter.fanInFanOut()
                        ? " (in x out: fan_in_fan_out)" : " (out x in; for GPT-2 Conv1D weights stored in x out, --conv1d)"));
            }
            if (!info.dtype().readable() || info.dtype().epsilon() == 0) {
                throw new BadInputException(base.fileOf(weight) + ": tensor '" + weight + "' is " + info.dtype()
                        + "; only float weights can be merged");
            }
            moduleOfWeight.put(weight, e.getKey());
        }
        List<Rounding> roundings = new ArrayList<>();
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (String name : base.names()) {
            TensorInfo info = base.info(name);
            String module = moduleOfWeight.get(name);
            tensors.add(new SafetensorsWriter.Tensor(name, info.dtype(), info.shape(), () -> {
                double[] w = base.read(name);
                if (module != null) {
                    roundings.add(addUpdate(w, adapter, module, info.dtype()));
                }
                return w;
            }));
        }
        SafetensorsWriter.write(out, tensors, base.metadata());
        return roundings;
    }

    private static Rounding addUpdate(double[] w, PeftAdapter adapter, String module, DType dtype) {
        PeftAdapter.Factors f = adapter.modules().get(module);
        // (out, in), or its transpose (in, out) to match a Conv1D weight under fan_in_fan_out
        DMatrixRMaj update = adapter.fanInFanOut() ? Lapack.multiply(f.a(), true, f.b(), true)
                : Lapack.multiply(f.b(), false, f.a(), false);
        double scaling = adapter.scaling(module);
        double maxAbs = 0;
        double errorSquares = 0;
        double updateSquares = 0;
        for (int i = 0; i < w.length; i++) {
            double u = scaling * update.data[i];
            double exact = w[i] + u;
            double stored = dtype.round(exact);
            maxAbs = Math.max(maxAbs, Math.abs(stored - exact));
            errorSquares += (stored - exact) * (stored - exact);
            updateSquares += u * u;
            w[i] = exact; // the writer rounds it once to the tensor's type
        }
        return new Rounding(module, dtype, maxAbs, updateSquares == 0 ? 0 : Math.sqrt(errorSquares / updateSquares));
    }
}
