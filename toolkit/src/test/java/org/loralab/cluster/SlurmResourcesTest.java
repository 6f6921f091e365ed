package org.loralab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.loralab.BadInputException;

/** Slurm's values are checked when given, not when sbatch refuses the script later. */
class SlurmResourcesTest {

    private static SlurmResources time(String t) {
        return new SlurmResources(Optional.empty(), Optional.of(t), Optional.empty(), Optional.empty(), List.of());
    }

    /** Every form sbatch(1) documents for --time. */
    @Test
    void slurmsTimeFormsAreAccepted() {
        for (String t : List.of("30", "30:00", "2:00:00", "1-12", "1-12:30", "1-12:30:00", "UNLIMITED", "infinite")) {
            assertThat(time(t).directives()).as(t).contains("--time=" + t);
        }
    }

    @Test
    void otherTimesAreRefusedNamingTheOption() {
        for (String t : List.of("forever", "1h", "-5", "1:2:3:4", "", "1-", "1- 2", "2:00:00\n#SBATCH --mem=1T")) {
            assertThatThrownBy(() -> time(t)).as(t).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("--time must be one of Slurm's forms");
        }
    }

    @Test
    void partitionsAndExtraArgumentsHaveOneLineShapes() {
        assertThat(new SlurmResources(Optional.of("gpu,cpu"), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("--gres=gpu:1")).directives()).contains("--partition=gpu,cpu", "--gres=gpu:1");
        assertThatThrownBy(() -> new SlurmResources(Optional.of("a b"), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of())).hasMessageStartingWith("--partition must be a partition name");
        assertThatThrownBy(() -> new SlurmResources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("gres=gpu:1"))).hasMessageStartingWith("--sbatch-arg must be one sbatch option");
        assertThatThrownBy(() -> new SlurmResources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("--gres=gpu:1\n--mem=1T"))).hasMessageStartingWith("--sbatch-arg must be one sbatch option");
    }
}
