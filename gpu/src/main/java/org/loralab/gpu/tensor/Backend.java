package org.loralab.gpu.tensor;

/**
 * The operations LoRA layers and the MLP training step need, on one device, in one {@link Precision}.
 * Matrices are row-major; every operation may run asynchronously until {@link #download} or
 * {@link #synchronize}. Shapes are checked before anything runs ({@link IllegalArgumentException}).
 */
public interface Backend extends AutoCloseable {

    /** What runs the work, e.g. "cpu" or "cuda:0 NVIDIA H200 (sm_90)". */
    String name();

    Precision precision();

    /** A new matrix of zeros. */
    Matrix zeros(int rows, int cols);

    /** A new matrix holding {@code rowMajor}, rounded to this backend's storage precision. */
    Matrix upload(float[] rowMajor, int rows, int cols);

    /** The values of {@code m}, row-major, as float32. */
    float[] download(Matrix m);

    /** to = from (same shape). */
    void copy(Matrix from, Matrix to);

    /** c = alpha op(a) op(b) + beta c, op(x) = x or x^T. */
    void gemm(float alpha, Matrix a, boolean transposeA, Matrix b, boolean transposeB, float beta, Matrix c);

    /** y[i, :] += bias[0, :] for every row i. */
    void addRowVector(Matrix y, Matrix bias);

    /** out[0, :] = sum over i of m[i, :]. */
    void sumRows(Matrix m, Matrix out);

    /** x = max(x, 0) in place. */
    void relu(Matrix x);

    /** grad[i] = 0 where activation[i] <= 0 (the ReLU's output from forward). */
    void reluBackward(Matrix activation, Matrix grad);

    /**
     * Mean softmax cross-entropy of {@code logits} against the rows of {@code targets} (probabilities), and
     * its gradient with respect to the logits: grad = (softmax(logits) - targets) / rows.
     */
    double softmaxCrossEntropy(Matrix logits, Matrix targets, Matrix grad);

    /**
     * One Adam update in place: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * w -= stepSize m / (sqrt(v) + epsilon), where the caller folds the bias corrections into stepSize.
     */
    void adam(Matrix w, Matrix g, Matrix m, Matrix v, float stepSize, float beta1, float beta2, float epsilon);

    /** Waits until all queued work is done. */
    void synchronize();

    /** Frees the backend's own resources (handles, streams); matrices are closed by their owners. */
    @Override
    void close();
}
