package org.loralab.gpu.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loralab.gpu.tensor.Matrix;
import org.loralab.gpu.tensor.Precision;

class CpuBackendTest {
    private final CpuBackend fp32 = new CpuBackend(Precision.FP32);
    private final SplittableRandom rng = new SplittableRandom(1);

    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void gemmMatchesTheDefinitionForEveryTransposition(boolean ta, boolean tb) {
        int m = 5;
        int k = 7;
        int n = 3;
        float[] a = random(m * k);
        float[] b = random(k * n);
        float[] c0 = random(m * n);
        Matrix ma = ta ? fp32.upload(transpose(a, m, k), k, m) : fp32.upload(a, m, k);
        Matrix mb = tb ? fp32.upload(transpose(b, k, n), n, k) : fp32.upload(b, k, n);
        Matrix mc = fp32.upload(c0, m, n);
        fp32.gemm(0.5f, ma, ta, mb, tb, 2f, mc);
        float[] got = fp32.download(mc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[i * k + p] * b[p * n + j];
                }
                assertThat(got[i * n + j]).isCloseTo((float) (0.5 * sum + 2 * c0[i * n + j]), within(1e-5f));
            }
        }
    }

    @Test
    void gemmRejectsShapesThatDoNotFit() {
        Matrix a = fp32.zeros(2, 3);
        Matrix b = fp32.zeros(4, 2);
        assertThatThrownBy(() -> fp32.gemm(1f, a, false, b, false, 0f, fp32.zeros(2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gemm shapes do not fit");
        assertThatThrownBy(() -> fp32.upload(new float[5], 2, 3)).hasMessageContaining("cannot make a 2 x 3 matrix");
        assertThatThrownBy(() -> new CpuBackend(Precision.BF16).copy(a, fp32.zeros(2, 3)))
                .hasMessageContaining("matrix is fp32, backend is bf16");
    }

    @Test
    void softmaxCrossEntropyGradientMatchesCentralDifferences() {
        int n = 4;
        int classes = 5;
        float[] z = random(n * classes);
        float[] t = new float[n * classes];
        for (int i = 0; i < n; i++) {
            t[i * classes + rng.nextInt(classes)] = 1;
        }
        Matrix targets = fp32.upload(t, n, classes);
        Matrix grad = fp32.zeros(n, classes);
        fp32.softmaxCrossEntropy(fp32.upload(z, n, classes), targets, grad);
        float[] g = fp32.download(grad);
        float h = 1e-2f;
        for (int i = 0; i < z.length; i++) {
            float[] plus = z.clone();
            float[] minus = z.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (fp32.softmaxCrossEntropy(fp32.upload(plus, n, classes), targets, fp32.zeros(n, classes))
                    - fp32.softmaxCrossEntropy(fp32.upload(minus, n, classes), targets, fp32.zeros(n, classes))) / (2 * h);
            assertThat(g[i]).as("dL/dz[%d]", i).isCloseTo((float) numeric, within(2e-5f)); // O(h^2) truncation
        }
    }

    @Test
    void adamFirstStepMovesByTheStepSizeTimesTheSignOfTheGradient() {
        Matrix w = fp32.upload(new float[] {1f, 1f}, 1, 2);
        Matrix g = fp32.upload(new float[] {0.5f, -2f}, 1, 2);
        Matrix m = fp32.zeros(1, 2);
        Matrix v = fp32.zeros(1, 2);
        // bias-corrected step size as the caller folds it: lr sqrt(1 - b2) / (1 - b1)
        float step = (float) (0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9));
        fp32.adam(w, g, m, v, step, 0.9f, 0.999f, 1e-8f);
        assertThat(fp32.download(w)).containsExactly(new float[] {0.9f, 1.1f}, within(1e-6f));
    }

    @Test
    void reluAndItsBackwardMaskTheSameEntries() {
        Matrix x = fp32.upload(new float[] {-1f, 0f, 2f}, 1, 3);
        fp32.relu(x);
        Matrix grad = fp32.upload(new float[] {5f, 5f, 5f}, 1, 3);
        fp32.reluBackward(x, grad);
        assertThat(fp32.download(x)).containsExactly(0f, 0f, 2f);
        assertThat(fp32.download(grad)).containsExactly(0f, 0f, 5f);
    }

    @Test
    void bf16StoresRoundedValues() {
        CpuBackend bf16 = new CpuBackend(Precision.BF16);
        Matrix m = bf16.upload(new float[] {1f + 0x1p-9f}, 1, 1);
        assertThat(bf16.download(m)).containsExactly(1f);
    }

    private float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return v;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }
}
