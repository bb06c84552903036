package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldedNamesTest {
    @TempDir
    Path dir;

    /** Linux file systems keep every name apart: nothing to remember, and the probe leaves nothing behind. */
    @Test
    void probe_ofAFileSystemThatKeepsNamesApart_foldsNothing_andLeavesNoFile() throws IOException {
        FoldedNames names = FoldedNames.probe(dir);
        assertThat(names.folds()).isFalse();
        assertThat(names.claim("A.txt", "/p/A.txt")).isNull();
        assertThat(names.claim("a.txt", "/p/a.txt")).isNull();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(FoldedNames.probe(dir.resolve("missing")).folds()).as("a folder it cannot write to").isFalse();
    }

    @Test
    void ignoringCase_theSecondNameOfOneFileIsRefused_namingTheFirst() {
        FoldedNames names = new FoldedNames(true, false);
        assertThat(names.claim("run/Sample_A.fastq", "/p/run/Sample_A.fastq")).isNull();
        assertThat(names.claim("run/Sample_A.fastq", "/p/run/Sample_A.fastq")).as("the same file again").isNull();
        assertThat(names.claim("RUN/sample_a.FASTQ", "/p/RUN/sample_a.FASTQ")).startsWith(
                "Not downloaded: /p/run/Sample_A.fastq is written to the same local file, as this file system ignores"
                        + " case in names").contains("Rename one of them in ICA");
        assertThat(names.claim("Stra\u00dfe.txt", "/p/Stra\u00dfe.txt")).isNull();
        assertThat(names.claim("Strasse.txt", "/p/Strasse.txt")).as("one character at a time: \u00df is not ss").isNull();
        assertThat(names.key("Run/Data/X.txt")).isEqualTo("run/data/x.txt");
        assertThat(FoldedNames.none().key("Run/X")).isEqualTo("Run/X");
        assertThat(names.claim("caf\u00e9", "/p/caf\u00e9")).isNull();
        assertThat(names.claim("cafe\u0301", "/p/cafe\u0301")).as("normalization still tells these apart").isNull();
    }

    @Test
    void ignoringNormalization_anNfdNameIsTheNfcOne() {
        FoldedNames names = new FoldedNames(false, true);
        assertThat(names.claim("caf\u00e9.txt", "/p/caf\u00e9.txt")).isNull();
        assertThat(names.claim("cafe\u0301.txt", "/p/cafe\u0301.txt")).contains("ignores Unicode normalization");
        assertThat(names.claim("CAF\u00c9.txt", "/p/CAF\u00c9.txt")).isNull();
        assertThat(new FoldedNames(true, true).claim("x", "/p/x")).isNull();
    }

    /** A file of another spelling stands where a sync downloads one the planner found no local file for. */
    @Test
    void otherSpellingThere_namesTheFileThere_butNotAFolder() throws IOException {
        Files.writeString(dir.resolve("A.txt"), "local");
        Files.createDirectories(dir.resolve("folder"));
        FoldedNames folding = new FoldedNames(true, false);
        assertThat(folding.otherSpellingThere(dir.resolve("A.txt"))).startsWith("Not downloaded: the local folder holds"
                + " A.txt, which this file system takes for the same file, as it ignores case in names");
        assertThat(folding.otherSpellingThere(dir.resolve("folder"))).as("a folder in the way is another matter").isNull();
        assertThat(folding.otherSpellingThere(dir.resolve("b.txt"))).isNull();
        assertThat(FoldedNames.none().otherSpellingThere(dir.resolve("A.txt"))).isNull();
    }
}
