package org.loralab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;

class FortuneCorpusTest {
    @TempDir
    Path dir;

    @Test
    void readsTheEntriesOfIndexedFilesInNameOrder() throws Exception {
        Files.writeString(dir.resolve("b"), "Zweiter.\n%\nDritter,\nmit zwei Zeilen.\n%\n");
        Files.writeString(dir.resolve("b.dat"), "");
        Files.writeString(dir.resolve("a"), "Erster: äöüß\n%\n\n%\n");
        Files.writeString(dir.resolve("a.dat"), "");
        Files.writeString(dir.resolve("c"), "not a fortune file: no index beside it\n");
        assertThat(FortuneCorpus.read(dir)).containsExactly("Erster: äöüß", "Zweiter.", "Dritter,\nmit zwei Zeilen.");
    }

    @Test
    void readsDebiansEnglishFortunesWhenInstalled() {
        org.loralab.testing.RequiredTool.require(Files.isDirectory(FortuneCorpus.ENGLISH), "fortunes");
        var entries = FortuneCorpus.read(FortuneCorpus.ENGLISH);
        assertThat(entries).hasSizeGreaterThan(1000).allSatisfy(e -> assertThat(e).doesNotContain("\n%\n"));
    }

    @Test
    void aMissingFolderAFolderWithoutFortunesAndBadBytesAreBadInput() throws Exception {
        assertThatThrownBy(() -> FortuneCorpus.read(dir.resolve("none"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no such text folder").hasMessageContaining("apt-get install fortunes");
        assertThatThrownBy(() -> FortuneCorpus.read(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no fortune files");
        Files.write(dir.resolve("latin1"), "Gr\u00fc\u00dfe\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("latin1.dat"), "");
        assertThatThrownBy(() -> FortuneCorpus.read(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("latin1: not UTF-8 text");
    }
}
