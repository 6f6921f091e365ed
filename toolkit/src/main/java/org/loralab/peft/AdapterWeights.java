package org.loralab.peft;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.loralab.BadInputException;
import org.loralab.format.DType;
import org.loralab.format.SafetensorsFile;
import org.loralab.format.SafetensorsWriter;
import org.loralab.format.TensorInfo;

/**
 * {@code adapter_model.safetensors}: the factors of every module under PEFT's names,
 * {@code base_model.model.<module>.lora_A.weight} [r, in] and {@code ...lora_B.weight} [out, r]; read as untrusted.
 */
final class AdapterWeights {
    private static final Pattern KEY = Pattern.compile("^" + Pattern.quote(PeftAdapter.PREFIX) + "(.+)\\.lora_([AB])\\.weight$");

    private AdapterWeights() {
    }

    /** Every module's factors, in file order; a tensor that is not a 2-D finite LoRA factor, or an unpaired one, is an error. */
    static Map<String, PeftAdapter.Factors> read(Path file) {
        Map<String, DMatrixRMaj> as = new LinkedHashMap<>();
        Map<String, DMatrixRMaj> bs = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (TensorInfo info : f.tensors().values()) {
                Matcher m = KEY.matcher(info.name());
                if (!m.matches()) {
                    throw new BadInputException(file + ": tensor '" + info.name() + "' is not a LoRA factor ("
                            + PeftAdapter.PREFIX + "<module>.lora_A.weight or .lora_B.weight)");
                }
                if (!info.isMatrix()) {
                    throw new BadInputException(file + ": tensor '" + info.name() + "' has shape " + info.shapeText()
                            + "; LoRA factors are 2-D");
                }
                double[] values = f.read(info.name());
                for (int i = 0; i < values.length; i++) {
                    if (!Double.isFinite(values[i])) {
                        throw new BadInputException(file + ": tensor '" + info.name() + "' holds " + values[i] + " at index " + i);
                    }
                }
                DMatrixRMaj matrix = DMatrixRMaj.wrap((int) info.shape()[0], (int) info.shape()[1], values);
                (m.group(2).equals("A") ? as : bs).put(m.group(1), matrix);
            }
        }
        Map<String, PeftAdapter.Factors> modules = new LinkedHashMap<>();
        for (Map.Entry<String, DMatrixRMaj> e : as.entrySet()) {
            DMatrixRMaj b = bs.get(e.getKey());
            if (b == null) {
                throw new BadInputException(file + ": module '" + e.getKey() + "' has lora_A but no lora_B");
            }
            if (b.numCols != e.getValue().numRows) {
                throw new BadInputException(file + ": module '" + e.getKey() + "': lora_A is " + e.getValue().numRows + "x"
                        + e.getValue().numCols + " and lora_B " + b.numRows + "x" + b.numCols + "; they must share r");
            }
            modules.put(e.getKey(), new PeftAdapter.Factors(e.getValue(), b));
        }
        for (String module : bs.keySet()) {
            if (!as.containsKey(module)) {
                throw new BadInputException(file + ": module '" + module + "' has lora_B but no lora_A");
            }
        }
        if (modules.isEmpty()) {
            throw new BadInputException(file + ": no LoRA factors");
        }
        return modules;
    }

    /** Writes every module's factors in {@code dtype}. */
    static void write(Path file, Map<String, PeftAdapter.Factors> modules, DType dtype) {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        modules.forEach((module, f) -> {
            tensors.add(SafetensorsWriter.Tensor.of(PeftAdapter.PREFIX + module + ".lora_A.weight", dtype,
                    new long[] {f.a().numRows, f.a().numCols}, f.a().data));
            tensors.add(SafetensorsWriter.Tensor.of(PeftAdapter.PREFIX + module + ".lora_B.weight", dtype,
                    new long[] {f.b().numRows, f.b().numCols}, f.b().data));
        });
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    }
}
