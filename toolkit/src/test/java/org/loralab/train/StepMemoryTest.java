package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StepMemoryTest {

    /** A step that needs 3 MiB grows the block once, to 4 MiB; later steps of that size reuse it, allocating nothing. */
    @Test
    void growsOnceToAPowerOfTwoThenReusesTheBlock() throws Exception {
        Thread worker = new Thread(() -> { // a fresh thread: its block starts at the smallest size
            MemoryWorkspace first;
            try (StepMemory.Scope ignored = StepMemory.open()) {
                first = Nd4j.getMemoryManager().getCurrentWorkspace();
                Nd4j.create(DataType.FLOAT, 3 * 256 * 1024); // 3 MiB: more than the first block
            }
            MemoryWorkspace[] later = new MemoryWorkspace[3];
            for (int step = 0; step < 3; step++) {
                try (StepMemory.Scope ignored = StepMemory.open()) {
                    later[step] = Nd4j.getMemoryManager().getCurrentWorkspace();
                    INDArray a = Nd4j.create(DataType.FLOAT, 3 * 256 * 1024);
                    assertThat(a.isAttached()).isTrue();
                    assertThat(later[step].getCurrentSize()).isEqualTo(4L << 20);
                }
            }
            assertThat(later[0]).isNotSameAs(first).isSameAs(later[1]).isSameAs(later[2]);
            assertThat(Nd4j.getMemoryManager().getCurrentWorkspace()).isNull(); // closed: nothing outlives a step
        });
        Throwable[] failure = new Throwable[1];
        worker.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
        worker.start();
        worker.join();
        assertThat(failure[0]).isNull();
    }
}
