package org.loralab.gpu.cuda;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.gpu.tensor.Precision;

/** What can be tested of the CUDA backend on a machine without a GPU (CI has none). */
class CudaBackendTest {

    @Test
    void withoutTheNvidiaDriverOpeningFailsWithAnErrorThatSaysWhatIsNeeded() {
        assumeTrue(!Files.exists(Path.of("/dev/nvidiactl")), "this machine has an NVIDIA GPU");
        assertThatThrownBy(() -> CudaBackend.open(0, Precision.FP32))
                .isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining("libcuda.so.1")
                .hasMessageContaining("LD_LIBRARY_PATH")
                .hasMessageContaining("cpu backend");
    }

    /**
     * NVRTC compiles the kernels at start-up on the GPU machine; where CUDA's nvcc is installed (it is on the
     * development machine, not in CI) the same source is compiled here for the H200 (sm_90) in both storage types.
     */
    @Test
    void kernelSourceCompilesForHopperWithNvcc(@TempDir Path dir) throws IOException, InterruptedException {
        Path nvcc = Path.of("/usr/local/cuda/bin/nvcc");
        assumeTrue(Files.isExecutable(nvcc), "nvcc is not installed here");
        Path source = Files.writeString(dir.resolve("kernels.cu"), ElementwiseKernels.SOURCE);
        for (String define : new String[] {"-DLORALAB_FP32=1", "-DLORALAB_BF16=1"}) {
            Files.deleteIfExists(dir.resolve("k.cubin"));
            exec(dir, null, nvcc.toString(), "-cubin", "-arch=sm_90", define, "-o", dir.resolve("k.cubin").toString(),
                    source.toString());
            org.assertj.core.api.Assertions.assertThat(dir.resolve("k.cubin")).isNotEmptyFile();
        }
    }

    /**
     * The JNI wrappers are built against CUDA 13.1; the H200 machine has 13.0. Where a CUDA 13.0 runtime and gcc
     * are installed (the development machine), the wrappers are loaded against the real libcudart with stand-in
     * driver, cuBLAS and NVRTC libraries (empty, with the right names and symbol versions): the runtime's own
     * answer must come back through the backend as one clear line, which shows that they load and call across
     * the minor versions (symbols added in 13.1 are bound lazily, on first use, and the backend uses none).
     */
    @Test
    void wrappersLoadAndCallTheInstalledCuda13Runtime(@TempDir Path dir) throws IOException, InterruptedException {
        Path runtime = Path.of("/usr/local/cuda/lib64/libcudart.so.13");
        assumeTrue(Files.exists(runtime) && Files.isExecutable(Path.of("/usr/bin/gcc")), "no CUDA 13 runtime or gcc here");
        assumeTrue(!Files.exists(Path.of("/dev/nvidiactl")), "this machine has an NVIDIA GPU");
        for (String lib : new String[] {"libcuda.so.1", "libcublas.so.13", "libcublasLt.so.13", "libnvrtc.so.13"}) {
            Path source = Files.writeString(dir.resolve(lib + ".c"), "int loralab_stand_in(void) { return 0; }\n");
            Path map = Files.writeString(dir.resolve(lib + ".map"), lib + " { global: *; };\n");
            exec(dir, null, "/usr/bin/gcc", "-shared", "-fPIC", "-o", dir.resolve(lib).toString(), "-Wl,-soname," + lib,
                    "-Wl,--version-script=" + map, source.toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = exec(dir, dir + ":" + runtime.getParent(), java, "-cp", System.getProperty("java.class.path"),
                "org.loralab.gpu.app.GpuMain", "info", "--backend", "cuda");
        org.assertj.core.api.Assertions.assertThat(out)
                .isEqualTo("error: no CUDA device: CUDA driver version is insufficient for CUDA runtime version\n");
    }

    /** Runs a command for at most 120 s (output to a file, so the timeout holds); its output. */
    private static String exec(Path dir, String libraryPath, String... command) throws IOException, InterruptedException {
        Path log = dir.resolve("exec.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (libraryPath != null) {
            pb.environment().put("LD_LIBRARY_PATH", libraryPath);
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            org.assertj.core.api.Assertions.fail(command[0] + " did not finish in 120 s:\n" + Files.readString(log));
        }
        return Files.readString(log);
    }
}
