package org.loralab.notebook;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.BadInputException;
import org.loralab.io.AtomicFiles;
import org.loralab.linalg.Lapack;

/**
 * Writes the Jupyter kernelspec {@code loralab} ("Java (LoRA Lab)"): a kernel.json whose kernel has the
 * toolkit jar on its class path. By default the kernel is rapaio-jupyter-kernel 3.0.1 (embedded in the
 * toolkit jar and copied next to kernel.json) with LoRA Lab's start-up fix ahead of it; with a kernel jar
 * of the IJava family (IJava, JJava) the toolkit goes on {@code IJAVA_CLASSPATH} and {@code JJAVA_CLASSPATH}.
 */
public final class KernelInstaller {
    /** The kernelspec's name: notebooks select it with {@code "kernelspec": {"name": "loralab"}}. */
    public static final String KERNEL_NAME = "loralab";
    public static final String DISPLAY_NAME = "Java (LoRA Lab)";
    static final String RAPAIO_JAR = "rapaio-jupyter-kernel.jar";
    static final String PATCH_JAR = "loralab-kernel-patch.jar";
    private static final String RAPAIO_MAIN = "org.rapaio.jupyter.kernel.MainApp";

    private KernelInstaller() {
    }

    /**
     * Installs the kernelspec and returns its folder.
     *
     * @param dataDir    a Jupyter data folder (the kernelspec goes to {@code dataDir/kernels/loralab})
     * @param toolkitJar the toolkit jar to put on the kernel's class path (absolute path is written)
     * @param kernelJar  an IJava-family kernel jar, or null for the embedded rapaio kernel
     */
    public static Path install(Path dataDir, Path toolkitJar, Path kernelJar) {
        if (!Files.isRegularFile(toolkitJar)) {
            throw new BadInputException(toolkitJar + ": the toolkit jar does not exist (build it with ./loralab --version)");
        }
        if (kernelJar != null && !Files.isRegularFile(kernelJar)) {
            throw new BadInputException(kernelJar + ": no such kernel jar (--kernel-jar)");
        }
        Path dir = dataDir.resolve("kernels").resolve(KERNEL_NAME).toAbsolutePath().normalize();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String toolkit = toolkitJar.toAbsolutePath().normalize().toString();
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        // without a passive wait policy OpenMP threads spin between ND4J's small ops (5-8x slower on 2 cores)
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        // OpenBLAS workers otherwise spin ~0.1 s after each product, taking a core from the Java kernels
        env.put("OPENBLAS_THREAD_TIMEOUT", "4");
        // the OpenBLAS kernel choice of the installing process (./loralab picks sound ones; see linalg.Lapack)
        String coreType = System.getenv(Lapack.CORE_TYPE_VARIABLE);
        if (coreType != null) {
            env.put(Lapack.CORE_TYPE_VARIABLE, coreType);
        }
        if (kernelJar == null) {
            copyResource(RAPAIO_JAR, dir.resolve(RAPAIO_JAR));
            copyResource(PATCH_JAR, dir.resolve(PATCH_JAR));
            // the fix must come first on the class path so that its LoopThread replaces the kernel's
            argv.addAll(List.of(java, "-cp", dir.resolve(PATCH_JAR) + ":" + dir.resolve(RAPAIO_JAR), RAPAIO_MAIN,
                    "{connection_file}"));
            env.put("RJK_CLASSPATH", toolkit);
        } else {
            argv.addAll(List.of(java, "-jar", kernelJar.toAbsolutePath().normalize().toString(), "{connection_file}"));
            env.put("IJAVA_CLASSPATH", toolkit);
            env.put("JJAVA_CLASSPATH", toolkit);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("env", env);
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        AtomicFiles.write(dir.resolve("kernel.json"), tmp -> json.writeValue(tmp.toFile(), spec));
        return dir;
    }

    /**
     * The user's Jupyter data folder, as Jupyter computes it on Linux: {@code $JUPYTER_DATA_DIR}, else
     * {@code $XDG_DATA_HOME/jupyter}, else {@code ~/.local/share/jupyter}.
     */
    public static Path userDataDir() {
        String explicit = System.getenv("JUPYTER_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "jupyter");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
    }

    /** The jar this class was loaded from, or null when it runs from a class folder (tests). */
    public static Path runningJar() {
        try {
            Path p = Path.of(KernelInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void copyResource(String name, Path target) {
        AtomicFiles.write(target, tmp -> {
            try (InputStream in = KernelInstaller.class.getResourceAsStream("kernel/" + name)) {
                if (in == null) {
                    throw new IOException("the toolkit jar lacks kernel/" + name + "; rebuild it with Maven");
                }
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    /** Reads a kernelspec's kernel.json (for checks and tests). */
    public static Map<String, Object> read(Path kernelDir) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = JsonMapper.builder().build().readValue(kernelDir.resolve("kernel.json").toFile(), Map.class);
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
