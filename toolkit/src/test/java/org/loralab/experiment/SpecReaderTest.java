package org.loralab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loralab.BadInputException;
import org.loralab.lora.InitScheme;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.testing.RequiredTool;
import org.loralab.testing.Specs;
import org.loralab.train.LearningRateSchedule;

class SpecReaderTest {
    @Test
    void readsAValidSpecWithDefaults() {
        ExperimentSpec spec = Specs.parse(Specs.VALID);
        assertThat(spec.name()).isEqualTo("tiny");
        assertThat(spec.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(spec.lora().ranks()).containsExactly(1, 2, 4);
        assertThat(spec.lora().init()).isEqualTo(InitScheme.KAIMING);
        assertThat(spec.lora().configFor(spec.lora().firstVariant(), 4).scaling()).isEqualTo(1.0);
        assertThat(spec.full().schedule()).isEqualTo(LearningRateSchedule.CONSTANT);
        assertThat(spec.task().plantedRank()).isEqualTo(2);
        assertThat(spec.seeds()).containsExactly(1L, 2L);
    }

    /** Every spec under experiments/ reads (the char-LM and Fashion-MNIST specs check their data folders). */
    @Test
    void readsEveryShippedSpec() throws java.io.IOException {
        RequiredTool.require(java.nio.file.Files.isDirectory(Path.of("/usr/share/games/fortunes/de")), "fortunes and fortunes-de");
        RequiredTool.require(java.nio.file.Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist");
        java.util.List<Path> specs;
        try (var files = java.nio.file.Files.list(Path.of("..", "experiments"))) {
            specs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(specs).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : specs) {
            String stem = file.getFileName().toString().replace(".yaml", "");
            if (org.loralab.study.StudyReader.isStudy(file)) { // a study: each of its experiments is a spec
                org.loralab.study.StudySpec study = org.loralab.study.StudyReader.read(file);
                assertThat(stem).as(file.toString()).startsWith(study.name());
                assertThat(study.points()).as(file.toString()).hasSizeGreaterThanOrEqualTo(2);
                continue;
            }
            ExperimentSpec spec = SpecReader.read(file);
            assertThat(stem).as(file.toString()).startsWith(spec.name());
            assertThat(spec.lora().ranks()).as(file.toString()).isNotEmpty();
            assertThat(spec.seeds()).as(file.toString()).isNotEmpty();
            if (stem.startsWith("planted-rank")) {
                assertThat(spec.task().plantedRank()).isEqualTo(4);
            }
        }
    }

    @Test
    void rsLoraScalesByAlphaOverTheRootOfTheRank() {
        ExperimentSpec spec = Specs.parse(Specs.VALID.replace("  learning_rate: 0.01\nseeds", "  learning_rate: 0.01\n  alpha: 8\n  use_rslora: true\nseeds"));
        for (int r : new int[] {1, 2, 4}) {
            var config = spec.lora().configFor(spec.lora().firstVariant(), r);
            assertThat(config.useRslora()).isTrue();
            assertThat(config.alpha()).isEqualTo(8.0);
            assertThat(config.scaling()).isEqualTo(8 / Math.sqrt(r));
        }
    }

    @ParameterizedTest(name = "{0} spec: {1}")
    @CsvSource(delimiter = '|', value = {
        "valid | unknown key      | 'seeds: [1, 2]'           | 'seeds: [1, 2]\nrankz: 3'            | unknown key 'rankz'",
        "valid | nested unknown   | '  learning_rate: 0.01\nseeds' | '  learning_rate: 0.01\n  lr: 1\nseeds' | unknown key 'lora.lr'",
        "valid | rank zero        | 'ranks: [4, 1, 2]'        | 'ranks: [0, 1]'                       | lora: ranks must all be >= 1, got 0",
        "valid | rank too large   | 'ranks: [4, 1, 2]'        | 'ranks: [1, 7]'                       | rank 7 exceeds min(out, in) = 6 of target module 'layers.0'",
        "valid | non-numeric      | 'epochs: 2\n  batch_size: 16\n  learning_rate: 0.01\nlora' | 'epochs: two\n  batch_size: 16\n  learning_rate: 0.01\nlora' | key 'full.epochs' must be an integer, got 'two'",
        "valid | missing key      | '  test_size: 32\n'       | '\n'                                  | missing key 'task.test_size'",
        "valid | bad choice       | 'name: tiny'              | 'name: tiny\nprecision: float16'      | key 'precision' must be one of [float32, float64], got 'float16'",
        "valid | duplicate seeds  | 'seeds: [1, 2]'           | 'seeds: [1, 1]'                       | seeds must be distinct",
        "valid | no target        | 'target_modules: [layers.0, layers.1]' | 'target_modules: [q_proj]' | matches no module",
        "grid  | in both places   | 'learning_rate: [0.01, 0.003]' | 'learning_rate: [0.01, 0.003]\\n  alpha: 8' | key 'lora.alpha' is also in 'lora.grid'",
        "grid  | bad alpha        | 'alpha: [r, 16]'           | 'alpha: [r, rank]'                  | key 'lora.grid.alpha' must be a positive number, r or rs, got 'rank'",
        "grid  | negative alpha   | 'alpha: [r, 16]'           | 'alpha: [-2]'                       | key 'lora.grid.alpha' must be a positive number, r or rs, got '-2'",
        "grid  | rs without value | 'alpha: [r, 16]'           | 'alpha: [r, rs]'                    | key 'lora.grid.alpha': rs (scaling alpha / sqrt(r)) takes its alpha from the list's one number",
        "grid  | rate as grid key | 'alpha: [r, 16]'           | 'alpha: [r, 16]\n    learning_rate: [0.1]' | learning rates are searched per rank and seed, not a grid dimension",
        "grid  | duplicate rates  | 'learning_rate: [0.01, 0.003]' | 'learning_rate: [0.01, 0.01]'   | learning_rate values must be distinct",
        "grid  | text rate        | 'learning_rate: [0.01, 0.003]' | 'learning_rate: [0.01, fast]'   | key 'lora.learning_rate' must be a number, got 'fast'",
        "grid  | numeric targets  | '[[layers.0, layers.1], '  | '[7, '                              | lora.grid.target_modules[0]: must be a list of module names or a regular expression",
        "grid  | no such module   | '[[layers.0, layers.1], '  | '[[fc9], '                          | lora.target_modules [fc9] matches no module",
        "grid  | unknown grid key | 'alpha: [r, 16]'           | 'alphas: [r, 16]'                   | unknown key 'lora.grid.alphas'",
    })
    void badSpecsNameTheKeyAtFault(String base, String label, String from, String to, String message) {
        // the valid spec, or the one with a grid, with `from` replaced by `to` (\\n for new lines)
        String spec = base.equals("grid") ? Specs.GRID : Specs.VALID;
        String yaml = spec.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertThat(yaml).as("the test edits the spec").isNotEqualTo(spec);
        assertThatThrownBy(() -> Specs.parse(yaml)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("spec.yaml: ").hasMessageContaining(message);
    }

    @Test
    void modulesToSaveMayBeAGridDimension() {
        LoraSweep lora = Specs.parse(Specs.GRID.replace("alpha: [r, 16]", "alpha: [r]\n    modules_to_save: [[], [head]]")).lora();
        assertThat(lora.variants()).extracting(LoraVariant::name).containsExactly(
                "targets=layers.0+layers.1 save=none", "targets=layers.0+layers.1 save=head",
                "targets=layers\\.1 save=none", "targets=layers\\.1 save=head");
        assertThat(lora.configFor(lora.variants().get(1), 2).modulesToSave()).containsExactly("head");
        assertThatThrownBy(() -> Specs.parse(Specs.GRID.replace("alpha: [r, 16]", "alpha: [r]\n    modules_to_save: [[nope]]")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("modules_to_save names 'nope', which matches no module");
    }

    @Test
    void alphaRsTakesTheListsNumberAndScalesBySqrtR() {
        LoraSweep lora = Specs.parse(Specs.GRID.replace("alpha: [r, 16]", "alpha: [r, 16, rs]")).lora();
        LoraVariant rs = lora.variants().get(2);
        assertThat(rs.name()).isEqualTo("targets=layers.0+layers.1 alpha=rs");
        assertThat(rs.alpha().scalingRule()).isEqualTo("16/sqrt(r)");
        assertThat(lora.configFor(rs, 4).scaling()).isEqualTo(8.0); // 16 / sqrt(4)
        assertThat(lora.configFor(lora.variants().get(1), 4).scaling()).isEqualTo(4.0); // 16 / 4
    }

    @Test
    void readsAGridOfTargetsAlphasAndLearningRates() {
        assertThat(Specs.GRID).isNotEqualTo(Specs.VALID);
        LoraSweep lora = Specs.parse(Specs.GRID).lora();
        assertThat(lora.isGrid()).isTrue();
        assertThat(lora.variants()).extracting(LoraVariant::name).containsExactly(
                "targets=layers.0+layers.1 alpha=r", "targets=layers.0+layers.1 alpha=16",
                "targets=layers\\.1 alpha=r", "targets=layers\\.1 alpha=16");
        assertThat(lora.learningRates()).containsExactly(0.01, 0.003);
        LoraVariant last = lora.variants().get(3);
        assertThat(lora.configFor(last, 4).scaling()).isEqualTo(4.0); // 16 / 4
        assertThat(lora.configFor(lora.firstVariant(), 4).scaling()).isEqualTo(1.0);
        assertThat(lora.configFor(last, 4).targetModules().matches("layers.0")).isFalse();
        assertThat(lora.trainingAt(0.003).optimizer().learningRate()).isEqualTo(0.003);
        assertThat(lora.trainingAt(0.003).epochs()).isEqualTo(2);
        // every job has its own file name, safe for any file system
        var ids = ExperimentRunner.jobs(Specs.parse(Specs.GRID)).stream().map(Job::id).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(2 * (1 + 4 * 3)).allMatch(id -> id.matches("[A-Za-z0-9.=_+,-]+"));
        assertThat(ids).contains("lora-targets=layers.0+layers.1,alpha=r-r4-seed1");
    }

    @Test
    void aSweepWithoutAGridHasOneDefaultConfiguration() {
        LoraSweep lora = Specs.parse(Specs.VALID).lora();
        assertThat(lora.isGrid()).isFalse();
        assertThat(lora.variants()).extracting(LoraVariant::name).containsExactly(LoraVariant.DEFAULT);
        assertThat(ExperimentRunner.jobs(Specs.parse(Specs.VALID)).stream().map(Job::id)).contains("full-seed1", "lora-r4-seed2");
    }

    @Test
    void aSubspaceSectionIsOptionalAndHasDefaults() {
        assertThat(Specs.parse(Specs.VALID).subspace()).isEmpty();
        SubspaceSweep sub = Specs.parse(Specs.SUBSPACE).subspace().orElseThrow();
        assertThat(sub.dimensions()).containsExactly(4, 40, 160);
        assertThat(sub.learningRates()).containsExactly(0.01, 0.1);
        assertThat(sub.projection()).isEqualTo(org.loralab.subspace.ProjectionKind.AUTO);
        assertThat(sub.said()).isFalse();
        assertThat(sub.targets().matches("layers.0") && sub.targets().matches("head")).as("every linear module").isTrue();
        assertThat(sub.trainingAt(0.1).optimizer().learningRate()).isEqualTo(0.1);
        SubspaceSweep fastfood = Specs.parse(Specs.SUBSPACE.replace("[4, 40, 160]", "[4, 40]")
                        + "  projection: fastfood\n  said: true\n  target_modules: [head]\n")
                .subspace().orElseThrow();
        assertThat(fastfood.projection()).isEqualTo(org.loralab.subspace.ProjectionKind.FASTFOOD);
        assertThat(fastfood.said()).isTrue();
        assertThat(fastfood.targets().matches("layers.0")).isFalse();
    }

    @Test
    void badSubspaceSectionsNameTheKeyAtFault() {
        // the tiny model's linear modules hold 6*9 + 6*7 + 10*7 = 166 weights and biases
        assertThatThrownBy(() -> Specs.parse(Specs.SUBSPACE.replace("[4, 40, 160]", "[4, 40, 200]")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("200 exceeds the 166 weights and biases");
        assertThatThrownBy(() -> Specs.parse(Specs.SUBSPACE.replace("[4, 40, 160]", "[40, 4]")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> Specs.parse(Specs.SUBSPACE + "  projection: sparse\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("auto, dense or fastfood");
        assertThatThrownBy(() -> Specs.parse(Specs.SUBSPACE + "  target_modules: [nope]\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("subspace.target_modules [nope] matches no module");
        assertThatThrownBy(() -> Specs.parse(Specs.SUBSPACE + "  rank: 3\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("rank");
    }

    @Test
    void missingFileAndBrokenYamlAreBadInput() {
        assertThatThrownBy(() -> SpecReader.read(Path.of("no/such/spec.yaml")))
                .isInstanceOf(BadInputException.class).hasMessage("no/such/spec.yaml: no such file");
        assertThatThrownBy(() -> Specs.parse("task: [unclosed")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> Specs.parse("- a list")).hasMessageContaining("must be a YAML mapping");
        assertThatThrownBy(() -> Specs.parse(Specs.VALID + "seeds: [3]\n")).hasMessageContaining("Duplicate field 'seeds'");
    }

    @Test
    void theCharLmSpecReadsItsVocabularyFromTheCorporaAndAMissingFolderIsBadInput() {
        RequiredTool.require(java.nio.file.Files.isDirectory(Path.of("/usr/share/games/fortunes/de")), "fortunes and fortunes-de");
        ExperimentSpec spec = SpecReader.read(Path.of("..", "experiments", "charlm-transfer-ci.yaml"));
        var task = (org.loralab.task.CharLmTransferConfig) spec.task();
        assertThat(task.vocabSize()).isBetween(60, 200);
        assertThat(spec.task().model().moduleShapes()).containsKeys("layers.0.self_attn.q_proj", "lm_head");
        assertThat(spec.lora().variants()).hasSize(2);
        String yaml = readString(Path.of("..", "experiments", "charlm-transfer-ci.yaml"));
        assertThatThrownBy(() -> Specs.parse(yaml.replace("/usr/share/games/fortunes/de", "/nonexistent/de")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("key 'task.target_dir': /nonexistent/de does not exist (on Debian: apt-get install fortunes-de)");
    }

    /** rank_allocation: one value, or a grid dimension that names each configuration; anything else is refused. */
    @Test
    void rankAllocationIsAGridDimensionAndKeepsOlderFingerprints() {
        ExperimentSpec grid = SpecReader.read(Path.of("..", "experiments", "rank-allocation-ci.yaml"));
        assertThat(grid.lora().variants()).extracting(LoraVariant::name).containsExactly("allocation=uniform",
                "allocation=energy");
        assertThat(grid.lora().variants()).extracting(LoraVariant::allocation).containsExactly(RankAllocation.UNIFORM,
                RankAllocation.ENERGY);
        String yaml = readString(Path.of("..", "experiments", "rank-allocation-ci.yaml"));
        ExperimentSpec single = Specs.parse(yaml.replace("  grid:\n    rank_allocation: [uniform, energy]\n",
                "  rank_allocation: energy\n"));
        assertThat(single.lora().variants()).extracting(LoraVariant::name).containsExactly("allocation=energy");
        ExperimentSpec uniform = Specs.parse(yaml.replace("  grid:\n    rank_allocation: [uniform, energy]\n", ""));
        assertThat(uniform.lora().variants()).extracting(LoraVariant::name).containsExactly(LoraVariant.DEFAULT);
        // a spec without the key hashes as before rank allocation existed: its stored jobs still count
        assertThat(uniform.lora().toString()).doesNotContain("allocation");
        assertThatThrownBy(() -> Specs.parse(yaml.replace("[uniform, energy]", "[uniform, spectral]")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("rank_allocation must be uniform or energy, "
                        + "got 'spectral'");
    }

    private static String readString(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
