package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;

class KernelInstallerTest {

    @Test
    void writesAKernelspecWithTheFixAheadOfTheKernelJar(@TempDir Path dir) throws IOException {
        Path toolkit = Files.writeString(dir.resolve("loralab.jar"), "not really a jar");
        Path installed = KernelInstaller.install(dir.resolve("data"), toolkit, null);
        assertThat(installed).isEqualTo(dir.resolve("data/kernels/loralab").toAbsolutePath());
        Map<String, Object> spec = KernelInstaller.read(installed);
        assertThat(spec).containsEntry("display_name", "Java (LoRA Lab)").containsEntry("language", "java");
        @SuppressWarnings("unchecked")
        List<String> argv = (List<String>) spec.get("argv");
        assertThat(argv.get(0)).endsWith("/bin/java");
        assertThat(argv.subList(1, argv.size())).containsExactly("-cp",
                installed.resolve("loralab-kernel-patch.jar") + ":" + installed.resolve("rapaio-jupyter-kernel.jar"),
                "org.rapaio.jupyter.kernel.MainApp", "{connection_file}");
        assertThat(spec.get("env")).isEqualTo(withCoreType(Map.of("RJK_CLASSPATH", toolkit.toAbsolutePath().toString(),
                "OMP_WAIT_POLICY", "PASSIVE", "OPENBLAS_THREAD_TIMEOUT", "4")));
        try (JarFile patch = new JarFile(installed.resolve("loralab-kernel-patch.jar").toFile());
             JarFile kernel = new JarFile(installed.resolve("rapaio-jupyter-kernel.jar").toFile())) {
            String loop = "org/rapaio/jupyter/kernel/channels/LoopThread.class";
            assertThat(patch.getEntry(loop)).isNotNull();
            assertThat(kernel.getEntry(loop)).as("the class the fix replaces").isNotNull();
        }
    }

    @Test
    void ijavaFamilyKernelsGetTheToolkitOnTheirClasspathVariables(@TempDir Path dir) throws IOException {
        Path toolkit = Files.writeString(dir.resolve("loralab.jar"), "x");
        Path ijava = Files.writeString(dir.resolve("ijava.jar"), "x");
        Map<String, Object> spec = KernelInstaller.read(KernelInstaller.install(dir, toolkit, ijava));
        @SuppressWarnings("unchecked")
        List<String> argv = (List<String>) spec.get("argv");
        assertThat(argv).endsWith("-jar", ijava.toAbsolutePath().toString(), "{connection_file}");
        assertThat(spec.get("env")).isEqualTo(withCoreType(Map.of("IJAVA_CLASSPATH", toolkit.toAbsolutePath().toString(),
                "JJAVA_CLASSPATH", toolkit.toAbsolutePath().toString(), "OMP_WAIT_POLICY", "PASSIVE", "OPENBLAS_THREAD_TIMEOUT", "4")));
        assertThatThrownBy(() -> KernelInstaller.install(dir, toolkit, dir.resolve("nope.jar")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope.jar: no such kernel jar");
        assertThatThrownBy(() -> KernelInstaller.install(dir, dir.resolve("gone.jar"), null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("gone.jar");
    }

    /** The kernel inherits the installing process's OpenBLAS kernel choice (the tests run with Haswell). */
    private static Map<String, String> withCoreType(Map<String, String> env) {
        Map<String, String> expected = new java.util.HashMap<>(env);
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        if (coreType != null) {
            expected.put("OPENBLAS_CORETYPE", coreType);
        }
        return expected;
    }
}
