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
            Process p = new ProcessBuilder(nvcc.toString(), "-cubin", "-arch=sm_90", define, "-o",
                    dir.resolve("k.cubin").toString(), source.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            p.waitFor(120, TimeUnit.SECONDS);
            org.assertj.core.api.Assertions.assertThat(p.exitValue()).as(log).isZero();
        }
    }
}
