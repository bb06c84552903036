package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.internal.journal.JobKey;
import io.icasdk.transfer.internal.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileDownloader#forgetBelow}: the temporary file of an unfinished download that no run will finish is
 * removed whatever the Unicode normalization form of the names on disk, and nothing that is not one of them is.
 * Real files on ext4, which keeps the bytes of a name as given: an NFD name is another file than its NFC form.
 */
class PartialFilesForgetTest {
    private static final String NFC_FOLDER = "Donn\u00e9es";
    private static final String NFD_FOLDER = "Donne\u0301es";
    private static final String NFC_NAME = "caf\u00e9.bin";
    private static final String NFD_NAME = "cafe\u0301.bin";

    @TempDir
    Path tmp;

    private Path root;
    private Journal journal;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("local"));
        journal = Journal.open(tmp.resolve("journals"), new JobKey("SYNC_DOWNLOAD", root, "http://ica", "p", "/r/"));
    }

    @AfterEach
    void tearDown() throws IOException {
        journal.close();
    }

    /**
     * A killed single GET leaves its temporary file and a record without its name, beside the local file the sync
     * paired with the file in ICA: spelled in NFD (as macOS writes names), where ICA and the journal have NFC.
     */
    @Test
    void forget_removesTheTemporaryFileOfATargetSpelledInNfd_whenTheJournalSpellsItInNfc() throws IOException {
        String rel = NFC_FOLDER + "/" + NFC_NAME;
        Path written = root.resolve(NFD_FOLDER).resolve(NFD_NAME);
        Files.createDirectories(written.getParent());
        Path temp = Files.writeString(PartialFiles.beside(written, journal.keyId() + "/" + rel), "partial");
        journal.fileStarted(rel, "fp", null);
        List<Path> others = othersBeside(written, rel, temp);

        FileDownloader.forgetBelow(journal, journal.entry(rel), root);

        assertThat(temp).doesNotExist();
        assertThat(journal.unfinished()).isEmpty();
        assertThat(entries()).as("what is not its temporary file").containsExactlyInAnyOrderElementsOf(others);
    }

    /** A range download journals its temporary file's name: spelled in NFD there, in NFC by the file system. */
    @Test
    void forget_removesAJournaledTemporaryFile_thatTheFileSystemSpellsInNfc() throws IOException {
        String rel = NFD_FOLDER + "/" + NFD_NAME; // ICA's spelling
        String journaled = PartialFiles.beside(root.resolve(rel), journal.keyId() + "/" + rel).getFileName().toString();
        Path onDisk = root.resolve(NFC_FOLDER).resolve(Normalizer.normalize(journaled, Normalizer.Form.NFC));
        Files.createDirectories(onDisk.getParent());
        Files.writeString(onDisk, "ranges");
        journal.fileStarted(rel, "fp", null);
        journal.downloadStarted(rel, "fp", "\"etag\"", 8 << 20, journaled);
        List<Path> others = othersBeside(onDisk.resolveSibling(NFC_NAME), rel, onDisk);

        FileDownloader.forgetBelow(journal, journal.entry(rel), root);

        assertThat(onDisk).doesNotExist();
        assertThat(journal.unfinished()).isEmpty();
        assertThat(entries()).as("what is not its temporary file").containsExactlyInAnyOrderElementsOf(others);
    }

    /** A name whose NFD form is too long for a temporary name of its own gets the short one. */
    @Test
    void forget_removesTheShortTemporaryName_ofANameTooLongOnlyInNfd() throws IOException {
        String nfc = "\u00e9".repeat(110) + ".bin"; // 224 bytes in NFC, 334 in NFD
        Path written = root.resolve(Normalizer.normalize(nfc, Normalizer.Form.NFD));
        Path temp = Files.writeString(PartialFiles.beside(written, journal.keyId() + "/" + nfc), "partial");
        assertThat(temp.getFileName().toString()).startsWith(".icasdk-");
        journal.fileStarted(nfc, "fp", null);

        FileDownloader.forgetBelow(journal, journal.entry(nfc), root);

        assertThat(temp).doesNotExist();
        assertThat(journal.unfinished()).isEmpty();
    }

    /**
     * Puts beside {@code written} what is not the temporary file of {@code rel}, in either spelling: the user's
     * files, another job's and another file's temporary files, a folder named like the temporary file. Returns
     * every entry below the root but {@code temp}.
     */
    private List<Path> othersBeside(Path written, String rel, Path temp) throws IOException {
        Path dir = written.getParent();
        Files.writeString(dir.resolve(NFC_NAME), "the user's");
        Files.writeString(dir.resolve(NFD_NAME), "the user's too");
        Files.writeString(PartialFiles.beside(dir.resolve(NFC_NAME), "another job/" + rel), "another job's");
        Files.writeString(PartialFiles.beside(dir.resolve(NFD_NAME), journal.keyId() + "/other.bin"), "another file's");
        Path otherDir = root.resolve(dir.getFileName().toString().equals(NFC_FOLDER) ? NFD_FOLDER : NFC_FOLDER);
        Files.createDirectories(otherDir.resolve(PartialFiles.beside(otherDir.resolve(NFC_NAME),
                journal.keyId() + "/" + rel).getFileName()));
        List<Path> all = new ArrayList<>(entries());
        all.remove(temp);
        return all;
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).toList();
        }
    }
}
