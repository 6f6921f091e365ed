package org.loralab.gpu.app;

import java.util.Locale;
import java.util.function.Function;
import org.loralab.gpu.cpu.CpuBackend;
import org.loralab.gpu.cuda.CudaBackend;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Precision;

/**
 * The backend chosen by configuration: {@code --backend}, else the environment variable
 * {@code LORALAB_BACKEND}, else the CPU. "cuda" and "cuda:N" pick a GPU.
 */
final class Backends {
    static final String ENVIRONMENT = "LORALAB_BACKEND";

    private Backends() {
    }

    /** The configured name: the option's value if given, else the environment's, else "cpu". */
    static String configured(String option, String environment) {
        if (option != null && !option.isBlank()) {
            return option.trim().toLowerCase(Locale.ROOT);
        }
        if (environment != null && !environment.isBlank()) {
            return environment.trim().toLowerCase(Locale.ROOT);
        }
        return "cpu";
    }

    /** Opens backends of {@code name} for a given precision; the name is checked now, the device at opening. */
    static Function<Precision, Backend> factory(String name) {
        if (name.equals("cpu")) {
            return CpuBackend::new;
        }
        if (name.equals("cuda") || name.matches("cuda:\\d+")) {
            int device = name.equals("cuda") ? 0 : Integer.parseInt(name.substring(5));
            return p -> CudaBackend.open(device, p);
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; expected cpu, cuda or cuda:N");
    }
}
