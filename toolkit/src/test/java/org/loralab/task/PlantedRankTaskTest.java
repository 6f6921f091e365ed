package org.loralab.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.nn.Activation;
import org.loralab.nn.MlpConfig;
import org.nd4j.linalg.api.buffer.DataType;

class PlantedRankTaskTest {
    private static final MlpConfig MODEL = new MlpConfig(10, List.of(12, 12), 16, Activation.TANH);
    private static final PlantedRankConfig CONFIG =
            new PlantedRankConfig(MODEL, List.of("layers.0", "layers.1"), List.of(2.0, 1.0, 0.5), 64, 16, 32, 3);

    @Test
    void plantedUpdatesHaveTheConfiguredRankAndSpectrum() {
        PlantedRankTask task = PlantedRankTask.generate(CONFIG, DataType.DOUBLE);
        for (String name : CONFIG.plantedModules()) {
            DMatrixRMaj dw = task.plantedUpdates().get(name);
            double[] sigma = Svd.values(dw);
            assertThat(sigma[0]).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(sigma[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(sigma[2]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(sigma[3]).isLessThan(1e-12);
            // teacher = base + planted, exactly where planted
            DMatrixRMaj teacher = MatrixBridge.toEjml(task.teacherModel().module(name).base().weight().value());
            DMatrixRMaj base = MatrixBridge.toEjml(task.baseModel().module(name).base().weight().value());
            for (int i = 0; i < teacher.data.length; i++) {
                assertThat(teacher.data[i] - base.data[i]).isCloseTo(dw.data[i], org.assertj.core.data.Offset.offset(1e-14));
            }
        }
        assertThat(task.teacherModel().weights().get("head")).isEqualTo(task.baseModel().weights().get("head"));
        assertThat(task.train().size()).isEqualTo(64);
        assertThat(task.test().size()).isEqualTo(32);
        assertThat(task.train().targets()).isEqualTo(task.teacherModel().forward(task.train().inputs(), false));
    }

    @Test
    void sameConfigSameTask() {
        PlantedRankTask a = PlantedRankTask.generate(CONFIG, DataType.FLOAT);
        PlantedRankTask b = PlantedRankTask.generate(CONFIG, DataType.FLOAT);
        assertThat(a.train().inputs()).isEqualTo(b.train().inputs());
        assertThat(a.test().targets()).isEqualTo(b.test().targets());
        assertThat(a.baseModel().weights()).isEqualTo(b.baseModel().weights());
    }

    @Test
    void invalidConfigsNameTheProblem() {
        assertThatThrownBy(() -> new PlantedRankConfig(MODEL, List.of("layers.7"), List.of(1.0), 8, 8, 8, 1))
                .hasMessageContaining("'layers.7'");
        assertThatThrownBy(() -> new PlantedRankConfig(MODEL, List.of("layers.0"), List.of(1.0, 2.0), 8, 8, 8, 1))
                .hasMessageContaining("descending");
        assertThatThrownBy(() -> new PlantedRankConfig(MODEL, List.of("layers.0"), java.util.Collections.nCopies(11, 1.0), 8, 8, 8, 1))
                .hasMessageContaining("exceeds min(out, in) = 10");
    }
}
