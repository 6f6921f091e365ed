package org.loralab.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {

    @Test
    void keepsCharactersSeenOftenEnoughInCodePointOrder() {
        CharTokenizer t = CharTokenizer.fit(List.of("abba ü", "cab 😀"), 2);
        assertThat(t.vocabulary()).isEqualTo(" ab");
        assertThat(t.vocabSize()).isEqualTo(4);
        assertThat(t.encode("a b!")).containsExactly(2, 1, 3, CharTokenizer.UNKNOWN);
        assertThat(t.decode(new int[] {3, 2, 0})).isEqualTo("ba\uFFFD");
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        CharTokenizer t = CharTokenizer.fit(List.of("😀😀"), 1);
        assertThat(t.vocabSize()).isEqualTo(2);
        assertThat(t.encode("😀")).containsExactly(1);
    }

    @Property
    void decodingInvertsEncodingOfKnownText(@ForAll String text) {
        CharTokenizer t = CharTokenizer.fit(List.of(text), 1);
        assertThat(t.decode(t.encode(text))).isEqualTo(text);
    }
}
