package io.icasdk.transfer.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void everyPairOfCharactersBelowTheFirstCombiningMarkIsNfcAlready() {
        // The fast path of Names.key returns such names unchecked: this proves it equals the Normalizer.
        for (char a = 0; a < Names.FIRST_NOT_NFC_STABLE; a++) {
            for (char b = 0; b < Names.FIRST_NOT_NFC_STABLE; b++) {
                String pair = new String(new char[] {a, b});
                assertTrue(Normalizer.isNormalized(pair, Normalizer.Form.NFC), () -> "not NFC: " + pair.codePoints()
                        .mapToObj(Integer::toHexString).toList());
            }
        }
    }

    @Test
    void keyComposesDecomposedNamesAndKeepsOthersAsTheyAre() {
        String plain = "runs/caf\u00e9 #1+2%.fastq";
        assertSame(plain, Names.key(plain));
        assertEquals("runs/caf\u00e9.fastq", Names.key("runs/cafe\u0301.fastq")); // macOS writes NFD
        assertEquals("\u00c5ngstr\u00f6m", Names.key("A\u030angstro\u0308m"));
        String hangul = "\ud55c\uae00.txt"; // composed Hangul syllables: NFC, checked by the Normalizer
        assertSame(hangul, Names.key(hangul));
    }
}
