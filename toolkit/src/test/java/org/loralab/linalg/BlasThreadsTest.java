package org.loralab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.loralab.BadInputException;

class BlasThreadsTest {

    @Test
    void oneThreadUnlessTheVariableNamesAPositiveNumber() {
        assertThat(BlasThreads.threads(null)).isEqualTo(1);
        assertThat(BlasThreads.threads(" ")).isEqualTo(1);
        assertThat(BlasThreads.threads(" 8 ")).isEqualTo(8);
        assertThatThrownBy(() -> BlasThreads.threads("0")).isInstanceOf(BadInputException.class)
                .hasMessage("LORALAB_BLAS_THREADS must be a positive number of threads, got '0'");
        assertThatThrownBy(() -> BlasThreads.threads("all")).isInstanceOf(BadInputException.class);
    }
}
