package org.loralab.gpu.cuda;

import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBIN;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBINSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;
import org.loralab.gpu.tensor.Precision;

/**
 * The small kernels around the GEMMs (bias, ReLU, softmax cross-entropy, Adam), compiled at start-up by
 * NVRTC for the device's architecture, for float32 or bfloat16 storage. bfloat16 values are handled as
 * their 16 bits with the conversions written out, so NVRTC needs no CUDA headers; arithmetic is float32.
 */
final class ElementwiseKernels implements AutoCloseable {
    private static final int BLOCK = 256;
    private static final String[] NAMES = {"add_row_vector", "relu", "relu_backward", "softmax_xent", "adam"};

    static final String SOURCE = """
            #ifdef LORALAB_BF16
            typedef unsigned short T;
            __device__ __forceinline__ float ld(const T* p, long i) { return __uint_as_float(((unsigned int) p[i]) << 16); }
            __device__ __forceinline__ void st(T* p, long i, float f) {
                unsigned int u = __float_as_uint(f);
                if ((u & 0x7fffffffu) > 0x7f800000u) { p[i] = (T) ((u >> 16) | 0x40u); return; } // as HalfFloats
                u += 0x7fffu + ((u >> 16) & 1u);
                p[i] = (T) (u >> 16);
            }
            #else
            typedef float T;
            __device__ __forceinline__ float ld(const T* p, long i) { return p[i]; }
            __device__ __forceinline__ void st(T* p, long i, float f) { p[i] = f; }
            #endif
            #define GRID_STRIDE(i, n) for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < (n); i += (long) gridDim.x * blockDim.x)

            extern "C" __global__ void add_row_vector(T* y, const T* b, long n, int cols) {
                GRID_STRIDE(i, n) st(y, i, ld(y, i) + ld(b, i % cols));
            }
            extern "C" __global__ void relu(T* x, long n) {
                GRID_STRIDE(i, n) if (ld(x, i) < 0.f) st(x, i, 0.f);
            }
            extern "C" __global__ void relu_backward(const T* a, T* g, long n) {
                GRID_STRIDE(i, n) if (ld(a, i) <= 0.f) st(g, i, 0.f);
            }
            extern "C" __global__ void softmax_xent(const T* z, const T* t, T* g, float* loss, int rows, int cols) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i >= rows) return;
                long r = (long) i * cols;
                float mx = __int_as_float(0xff800000);
                for (int j = 0; j < cols; j++) mx = fmaxf(mx, ld(z, r + j));
                float s = 0.f;
                for (int j = 0; j < cols; j++) s += expf(ld(z, r + j) - mx);
                float ls = logf(s), l = 0.f;
                for (int j = 0; j < cols; j++) {
                    float lsm = ld(z, r + j) - mx - ls, tj = ld(t, r + j);
                    l -= tj * lsm;
                    st(g, r + j, (expf(lsm) - tj) / rows);
                }
                loss[i] = l;
            }
            extern "C" __global__ void adam(T* w, const T* g, T* m, T* v, long n, float step, float b1, float b2, float eps) {
                GRID_STRIDE(i, n) {
                    float gi = ld(g, i);
                    float mi = b1 * ld(m, i) + (1.f - b1) * gi;
                    float vi = b2 * ld(v, i) + (1.f - b2) * gi * gi;
                    st(m, i, mi);
                    st(v, i, vi);
                    st(w, i, ld(w, i) - step * mi / (sqrtf(vi) + eps));
                }
            }
            """;

    private final CUmod_st module = new CUmod_st();
    private final Map<String, CUfunc_st> functions = new HashMap<>();

    /** Compiles the kernels for compute capability major.minor and loads them into the current context. */
    ElementwiseKernels(int major, int minor, Precision precision) {
        byte[] cubin = compile("--gpu-architecture=sm_" + major + minor, precision == Precision.BF16);
        try (BytePointer image = new BytePointer(cubin)) {
            Status.cuda(cuModuleLoadData(module, image), "cuModuleLoadData");
        }
        for (String name : NAMES) {
            CUfunc_st f = new CUfunc_st();
            Status.cuda(cuModuleGetFunction(f, module, name), "cuModuleGetFunction " + name);
            functions.put(name, f);
        }
    }

    private static byte[] compile(String arch, boolean bf16) {
        _nvrtcProgram program = new _nvrtcProgram();
        Status.nvrtc(nvrtcCreateProgram(program, new BytePointer(SOURCE), new BytePointer("loralab_kernels.cu"), 0,
                (PointerPointer<?>) null, (PointerPointer<?>) null), "nvrtcCreateProgram");
        try {
            PointerPointer<BytePointer> options = bf16
                    ? new PointerPointer<>(arch, "-DLORALAB_BF16=1")
                    : new PointerPointer<>(arch);
            int status = nvrtcCompileProgram(program, bf16 ? 2 : 1, options);
            if (status != 0) {
                throw new CudaException("NVRTC could not compile the elementwise kernels (" + arch + "):\n" + log(program));
            }
            SizeTPointer size = new SizeTPointer(1);
            Status.nvrtc(nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
            byte[] cubin = new byte[(int) size.get()];
            Status.nvrtc(nvrtcGetCUBIN(program, cubin), "nvrtcGetCUBIN");
            return cubin;
        } finally {
            nvrtcDestroyProgram(program);
        }
    }

    private static String log(_nvrtcProgram program) {
        SizeTPointer size = new SizeTPointer(1);
        nvrtcGetProgramLogSize(program, size);
        byte[] text = new byte[(int) size.get()];
        nvrtcGetProgramLog(program, text);
        return new String(text, java.nio.charset.StandardCharsets.UTF_8).trim();
    }

    /** Launches kernel {@code name} with enough 256-thread blocks to cover {@code threads}. */
    void launch(String name, long threads, Object... args) {
        long blocks = Math.min((threads + BLOCK - 1) / BLOCK, Integer.MAX_VALUE);
        try (PointerScope scope = new PointerScope()) {
            Pointer[] holders = new Pointer[args.length];
            for (int i = 0; i < args.length; i++) {
                holders[i] = holder(args[i]);
            }
            Status.cuda(cuLaunchKernel(functions.get(name), (int) blocks, 1, 1, BLOCK, 1, 1, 0, (CUstream_st) null,
                    new PointerPointer<>(holders), (PointerPointer<?>) null), "cuLaunchKernel " + name);
        }
    }

    /** Host memory holding one kernel argument's value, as cuLaunchKernel reads it. */
    private static Pointer holder(Object arg) {
        if (arg instanceof DeviceMatrix m) {
            return new PointerPointer<>(1).put(0, m.data());
        } else if (arg instanceof Pointer p) {
            return new PointerPointer<>(1).put(0, p);
        } else if (arg instanceof Long l) {
            return new LongPointer(1).put(l);
        } else if (arg instanceof Integer i) {
            return new IntPointer(1).put(i);
        } else if (arg instanceof Float f) {
            return new FloatPointer(1).put(f);
        }
        throw new IllegalArgumentException("unsupported kernel argument " + arg);
    }

    @Override
    public void close() {
        cuModuleUnload(module);
    }
}
