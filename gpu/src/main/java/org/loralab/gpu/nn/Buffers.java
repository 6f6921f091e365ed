package org.loralab.gpu.nn;

import java.util.HashMap;
import java.util.Map;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Matrix;

/** Named scratch matrices of a layer, allocated on first use and reused while the shape stays the same. */
final class Buffers implements AutoCloseable {
    private final Backend backend;
    private final Map<String, Matrix> byName = new HashMap<>();

    Buffers(Backend backend) {
        this.backend = backend;
    }

    Matrix get(String name, int rows, int cols) {
        Matrix m = byName.get(name);
        if (m != null && m.rows() == rows && m.cols() == cols) {
            return m;
        }
        if (m != null) {
            m.close();
        }
        m = backend.zeros(rows, cols);
        byName.put(name, m);
        return m;
    }

    @Override
    public void close() {
        byName.values().forEach(Matrix::close);
        byName.clear();
    }
}
