package org.loralab.gpu.cuda;

import static org.bytedeco.cuda.global.cublas.cublasGetStatusString;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetErrorString;

/** Turns the status codes of the three libraries into exceptions that say what failed. */
final class Status {
    private Status() {
    }

    static void cuda(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: " + cudaGetErrorString(status).getString() + " (" + status + ")");
        }
    }

    static void cublas(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: " + cublasGetStatusString(status).getString() + " (" + status + ")");
        }
    }

    static void nvrtc(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: " + nvrtcGetErrorString(status).getString() + " (" + status + ")");
        }
    }
}
