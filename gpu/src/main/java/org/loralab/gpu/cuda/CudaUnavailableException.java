package org.loralab.gpu.cuda;

/** No usable CUDA here: the runtime libraries are missing or no device answers. The message says which. */
public final class CudaUnavailableException extends RuntimeException {
    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
