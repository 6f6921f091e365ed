package org.loralab.gpu.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F_FAST_TF32;
import static org.bytedeco.cuda.global.cublas.CUBLAS_GEMM_DEFAULT;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasGemmEx;
import static org.bytedeco.cuda.global.cudart.CUDA_R_16BF;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;
import static org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMajor;
import static org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMinor;
import static org.bytedeco.cuda.global.cudart.cudaDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cudaDeviceSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuInit;

import java.nio.charset.StandardCharsets;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Bf16;
import org.loralab.gpu.tensor.Matrix;
import org.loralab.gpu.tensor.Precision;
import org.loralab.gpu.tensor.Shapes;

/**
 * One CUDA device: GEMMs through cuBLAS ({@code cublasGemmEx}: FP32, TF32 tensor cores, or bfloat16 inputs
 * with float32 accumulation), everything else through {@link ElementwiseKernels}. All work goes to the
 * default stream, in order; {@link #download} waits for it. Uses the machine's own libcudart, libcublas
 * and libnvrtc through JavaCPP's presets: CUDA 13 with the presets this module is built with; for CUDA 12,
 * build with {@code -Dgpu.javacpp.version=1.5.12 -Dgpu.cuda.version=12.9-9.10-1.5.12} (the calls are the same).
 */
public final class CudaBackend implements Backend {
    private final Precision precision;
    private final String name;
    private final cublasContext handle = new cublasContext();
    private final ElementwiseKernels kernels;
    private final FloatPointer alpha = new FloatPointer(1);
    private final FloatPointer beta = new FloatPointer(1);
    private DeviceMatrix ones;    // (1, rows) of ones for sumRows, kept while the batch size stays
    private DeviceMatrix rowLoss; // per-row losses of softmaxCrossEntropy, likewise

    private CudaBackend(int device, Precision precision) {
        this.precision = precision;
        Status.cuda(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
        Status.cuda(cudaFree(null), "creating the CUDA context");
        int[] major = new int[1];
        int[] minor = new int[1];
        Status.cuda(cudaDeviceGetAttribute(major, cudaDevAttrComputeCapabilityMajor, device), "cudaDeviceGetAttribute");
        Status.cuda(cudaDeviceGetAttribute(minor, cudaDevAttrComputeCapabilityMinor, device), "cudaDeviceGetAttribute");
        this.name = "cuda:" + device + " " + deviceName(device) + " (sm_" + major[0] + minor[0] + ")";
        Status.cublas(cublasCreate_v2(handle), "cublasCreate");
        this.kernels = new ElementwiseKernels(major[0], minor[0], precision);
    }

    /**
     * Opens device {@code device} for work in {@code precision}.
     *
     * @throws CudaUnavailableException when the CUDA libraries cannot be loaded or no such device exists
     */
    public static CudaBackend open(int device, Precision precision) {
        loadLibraries();
        int[] count = new int[1];
        int status = cudaGetDeviceCount(count);
        if (status != 0 || count[0] == 0) {
            throw new CudaUnavailableException("no CUDA device: " + (status != 0
                    ? cudart.cudaGetErrorString(status).getString() : "the driver reports none"), null);
        }
        if (device < 0 || device >= count[0]) {
            throw new CudaUnavailableException("no CUDA device " + device + "; this machine has " + count[0], null);
        }
        return new CudaBackend(device, precision);
    }

    /** Loads the JNI wrappers and, through them, the machine's CUDA libraries. */
    static void loadLibraries() {
        try {
            Loader.load(cudart.class);
            Loader.load(cublas.class);
            Loader.load(nvrtc.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CudaUnavailableException("the CUDA libraries could not be loaded (" + e.getMessage() + "). The cuda"
                    + " backend needs the NVIDIA driver (libcuda.so.1) and a CUDA 13 runtime with cuBLAS and NVRTC"
                    + " (libcudart.so.13, libcublas.so.13, libnvrtc.so.13) on LD_LIBRARY_PATH; run with"
                    + " -Dorg.bytedeco.javacpp.logger.debug=true to see which one is missing, or use the cpu backend", e);
        }
    }

    private static String deviceName(int device) {
        Status.cuda(cuInit(0), "cuInit");
        byte[] bytes = new byte[256];
        Status.cuda(cuDeviceGetName(bytes, bytes.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        DeviceMatrix m = new DeviceMatrix(rows, cols, precision);
        Status.cuda(cudart.cudaMemset(m.data(), 0, m.bytes()), "cudaMemset");
        return m;
    }

    @Override
    public Matrix upload(float[] rowMajor, int rows, int cols) {
        Shapes.requireData(rowMajor, rows, cols);
        DeviceMatrix m = new DeviceMatrix(rows, cols, precision);
        try (Pointer host = hostCopy(rowMajor)) {
            Status.cuda(cudaMemcpy(m.data(), host, m.bytes(), cudaMemcpyHostToDevice), "cudaMemcpy to the device");
        }
        return m;
    }

    private Pointer hostCopy(float[] values) {
        if (precision != Precision.BF16) {
            return new FloatPointer(values);
        }
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Bf16.bits(values[i]);
        }
        return new ShortPointer(bits);
    }

    @Override
    public float[] download(Matrix m) {
        DeviceMatrix d = device(m);
        float[] out = new float[Math.toIntExact(d.size())];
        if (precision != Precision.BF16) {
            try (FloatPointer host = new FloatPointer(out.length)) {
                Status.cuda(cudaMemcpy(host, d.data(), d.bytes(), cudaMemcpyDeviceToHost), "cudaMemcpy to the host");
                host.get(out);
            }
            return out;
        }
        short[] bits = new short[out.length];
        try (ShortPointer host = new ShortPointer(out.length)) {
            Status.cuda(cudaMemcpy(host, d.data(), d.bytes(), cudaMemcpyDeviceToHost), "cudaMemcpy to the host");
            host.get(bits);
        }
        for (int i = 0; i < bits.length; i++) {
            out[i] = Bf16.value(bits[i]);
        }
        return out;
    }

    @Override
    public void copy(Matrix from, Matrix to) {
        Shapes.requireSameShape(from, to, "copy");
        DeviceMatrix f = device(from);
        Status.cuda(cudaMemcpy(device(to).data(), f.data(), f.bytes(), cudaMemcpyDeviceToDevice), "cudaMemcpy on the device");
    }

    /**
     * Row-major C = alpha op(A) op(B) + beta C is column-major C^T = alpha op(B)^T op(A)^T + beta C^T, and a
     * row-major matrix read column-major is its transpose: so B goes first and no copy is made.
     */
    @Override
    public void gemm(float alpha, Matrix a, boolean transposeA, Matrix b, boolean transposeB, float beta, Matrix c) {
        int k = Shapes.gemmInner(a, transposeA, b, transposeB, c);
        int dataType = precision == Precision.BF16 ? CUDA_R_16BF : CUDA_R_32F;
        int compute = precision == Precision.TF32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
        this.alpha.put(alpha); // host pointer mode: cuBLAS reads both before the call returns
        this.beta.put(beta);
        Status.cublas(cublasGemmEx(handle,
                transposeB ? CUBLAS_OP_T : CUBLAS_OP_N, transposeA ? CUBLAS_OP_T : CUBLAS_OP_N,
                c.cols(), c.rows(), k, this.alpha,
                device(b).data(), dataType, b.cols(),
                device(a).data(), dataType, a.cols(),
                this.beta, device(c).data(), dataType, c.cols(),
                compute, CUBLAS_GEMM_DEFAULT), "cublasGemmEx (" + precision + ")");
    }

    @Override
    public void addRowVector(Matrix y, Matrix bias) {
        Shapes.requireRowVector(bias, y.cols(), "bias");
        kernels.launch("add_row_vector", y.size(), device(y), device(bias), y.size(), y.cols());
    }

    /** As a GEMM, out = 1^T m: cuBLAS spreads the rows over the whole GPU, which a kernel per column would not. */
    @Override
    public void sumRows(Matrix m, Matrix out) {
        Shapes.requireRowVector(out, m.cols(), "sum of rows");
        if (ones == null || ones.cols() != m.rows()) {
            if (ones != null) {
                ones.close();
            }
            float[] v = new float[m.rows()];
            java.util.Arrays.fill(v, 1f);
            ones = (DeviceMatrix) upload(v, 1, m.rows());
        }
        gemm(1f, ones, false, m, false, 0f, out);
    }

    @Override
    public void relu(Matrix x) {
        kernels.launch("relu", x.size(), device(x), x.size());
    }

    @Override
    public void reluBackward(Matrix activation, Matrix grad) {
        Shapes.requireSameShape(activation, grad, "relu backward");
        kernels.launch("relu_backward", grad.size(), device(activation), device(grad), grad.size());
    }

    @Override
    public double softmaxCrossEntropy(Matrix logits, Matrix targets, Matrix grad) {
        Shapes.requireLossShapes(logits, targets, grad);
        int rows = logits.rows();
        if (rowLoss == null || rowLoss.rows() != rows) {
            if (rowLoss != null) {
                rowLoss.close();
            }
            rowLoss = new DeviceMatrix(rows, 1, Precision.FP32); // the kernel writes float32 losses in any precision
        }
        kernels.launch("softmax_xent", rows, device(logits), device(targets), device(grad), rowLoss.data(), rows, logits.cols());
        try (FloatPointer host = new FloatPointer(rows)) {
            Status.cuda(cudaMemcpy(host, rowLoss.data(), 4L * rows, cudaMemcpyDeviceToHost), "cudaMemcpy to the host");
            double total = 0;
            for (int i = 0; i < rows; i++) {
                total += host.get(i);
            }
            return total / rows;
        }
    }

    @Override
    public void adam(Matrix w, Matrix g, Matrix m, Matrix v, float stepSize, float beta1, float beta2, float epsilon) {
        Shapes.requireAdamShapes(w, g, m, v);
        kernels.launch("adam", w.size(), device(w), device(g), device(m), device(v), w.size(), stepSize, beta1, beta2, epsilon);
    }

    @Override
    public void synchronize() {
        Status.cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    }

    @Override
    public void close() {
        if (ones != null) {
            ones.close();
        }
        if (rowLoss != null) {
            rowLoss.close();
        }
        kernels.close();
        cublasDestroy_v2(handle);
        alpha.close();
        beta.close();
    }

    private DeviceMatrix device(Matrix m) {
        if (!(m instanceof DeviceMatrix d)) {
            throw new IllegalArgumentException("matrix belongs to another backend than cuda");
        }
        if (d.precision() != precision) {
            throw new IllegalArgumentException("matrix is " + d.precision() + ", backend is " + precision);
        }
        return d;
    }
}
