package io.icasdk.transfer.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.TransferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void hashes_areThoseThatStateFilesAlreadyHold() {
        // Values of the first format (FNV-1a 64 of the string, mixed): state files written by earlier
        // versions are read with them, so they must never change.
        assertThat(SyncStateStore.etagHash("\"abc\"")).isEqualTo(4744404708058212262L);
        assertThat(SyncStateStore.hash("etag:\"abc\"")).isEqualTo(4744404708058212262L);
        assertThat(SyncStateStore.hash("runs/a.fastq")).isEqualTo(5559407373098766102L);
    }

    @Test
    void syncedFingerprints_survive_reopening() throws IOException {
        Path file = dir.resolve("s.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("a/b.txt", 10, 1000, "\"abc\"");
            store.putDigest("c.txt", 5, 2000, 77, SyncStateStore.MD5, new byte[16]);
        }
        try (SyncStateStore store = SyncStateStore.open(file)) {
            SyncStateStore.State a = store.get("a/b.txt");
            assertThat(a.synced()).isTrue();
            assertThat(a.matches(10, 1000)).isTrue();
            assertThat(a.remoteEtagHash()).as("kept as a sync compares it: unquoted").isEqualTo(SyncStateStore.etagHash("abc"));
            SyncStateStore.State c = store.get("c.txt");
            assertThat(c.synced()).isFalse();
            assertThat(c.digestKind()).isEqualTo(SyncStateStore.MD5);
            assertThat(c.digestCtimeNanos()).isEqualTo(77);
            assertThat(store.get("missing")).isNull();
        }
    }

    @Test
    void newFingerprint_dropsFactsOfTheOldOne() throws IOException {
        try (SyncStateStore store = SyncStateStore.inMemory()) {
            store.putDigest("a", 5, 1, 1, SyncStateStore.MD5, new byte[16]);
            store.markSynced("a", 5, 1, "e");
            store.putDigest("a", 6, 1, 2, SyncStateStore.MD5, new byte[16]);
            SyncStateStore.State a = store.get("a");
            assertThat(a.synced()).isFalse();
            assertThat(a.sizeInBytes()).isEqualTo(6);
        }
    }

    @Test
    void tornOrCorruptTail_isIgnored_andEarlierRecordsKept() throws IOException {
        Path file = dir.resolve("s.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("kept", 1, 1, null);
        }
        long goodLength = Files.size(file);
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("torn", 2, 2, null);
        }
        // cut the last record in half, then add garbage
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, (int) goodLength + 30));
        Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        try (SyncStateStore store = SyncStateStore.open(file)) {
            assertThat(store.get("kept")).isNotNull();
            assertThat(store.get("torn")).isNull();
        }
    }

    /**
     * A crash mid-write leaves a torn record at the end; the next run appends behind it, so everything that run
     * (and every later run not compacting) records sits after the torn bytes, out of step with the records.
     */
    @Test
    void whatARunRecordsAfterATornTail_survivesReopening() throws IOException {
        Path file = dir.resolve("s.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("before", 1, 1, "e1");
        }
        Files.write(file, new byte[30], StandardOpenOption.APPEND); // a record cut short by a crash
        try (SyncStateStore store = SyncStateStore.open(file)) {
            assertThat(store.get("before")).isNotNull();
            store.markSynced("after", 2, 2, "e2"); // a run that ends without compacting (filters, cancel, a failure)
        }
        try (SyncStateStore store = SyncStateStore.open(file)) {
            assertThat(store.get("before")).isNotNull();
            assertThat(store.get("after")).as("recorded after the torn tail").isNotNull();
        }
    }

    /** The same for a file whose header is damaged: it is ignored when read, yet appended to, forever. */
    @Test
    void whatARunRecordsAfterADamagedHeader_survivesReopening() throws IOException {
        Path file = dir.resolve("s.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("before", 1, 1, "e1");
        }
        byte[] all = Files.readAllBytes(file);
        all[0] ^= 0x20; // "ICASYNC1" -> "iCASYNC1"
        Files.write(file, all);
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("after", 2, 2, "e2");
        }
        try (SyncStateStore store = SyncStateStore.open(file)) {
            assertThat(store.get("after")).as("recorded after the damaged header").isNotNull();
        }
    }

    /**
     * A file a newer ica-sdk wrote (a later format) is neither read nor rewritten: rewriting it from what this version
     * could read (nothing) destroyed the newer version's state, and that version then compared every file again.
     */
    @Test
    void aFileOfALaterFormat_isLeftAsItIs_andRefusedSayingWhatToDo() throws IOException {
        Path file = dir.resolve("s.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("a", 1, 1, "e1");
        }
        for (String format : List.of("2", "9", "A")) {
            byte[] later = Files.readAllBytes(file);
            later[7] = (byte) format.charAt(0); // "ICASYNC1" -> "ICASYNC2"
            later = java.util.Arrays.copyOf(later, later.length + 5); // and records this version cannot read
            Files.write(file, later);

            assertThatThrownBy(() -> SyncStateStore.open(file)).isInstanceOf(TransferException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("written by a newer version of ica-sdk")
                    .hasMessageContaining("Run the sync with that newer version, or delete the file");
            assertThatThrownBy(() -> SyncStateStore.readOnly(file)).as("a dry run").isInstanceOf(TransferException.class);
            assertThat(Files.readAllBytes(file)).as("format " + format).isEqualTo(later);
            assertThat(dir.resolve("s.state.tmp")).doesNotExist();
        }
    }

    /** A damaged format character that no format uses is damage, as a damaged header is: the file is written afresh. */
    @Test
    void aHeaderWithNoFormatCharacter_isDamage_andTheFileWrittenAfresh() throws IOException {
        Path file = dir.resolve("s.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("before", 1, 1, "e1");
        }
        for (byte format : new byte[] {0, '0', '#', 'a'}) {
            byte[] all = Files.readAllBytes(file);
            all[7] = format;
            Files.write(file, all);
            try (SyncStateStore store = SyncStateStore.open(file)) {
                store.markSynced("after", 2, 2, "e2");
            }
            try (SyncStateStore store = SyncStateStore.open(file)) {
                assertThat(store.get("after")).as("format character %d", format).isNotNull();
            }
        }
    }

    @Test
    void compaction_keepsOnlyPathsSeenInTheRun() throws IOException {
        Path file = dir.resolve("s.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            store.markSynced("old", 1, 1, null);
            store.markSynced("current", 1, 1, null);
        }
        SyncStateStore store = SyncStateStore.open(file);
        store.markSeen("current");
        store.close(true);
        try (SyncStateStore reopened = SyncStateStore.open(file)) {
            assertThat(reopened.get("current")).isNotNull();
            assertThat(reopened.get("old")).isNull();
            assertThat(reopened.size()).isEqualTo(1);
        }
    }

    @Test
    void hundredThousandPaths_fitAndRoundTrip() throws IOException {
        Path file = dir.resolve("big.state");
        try (SyncStateStore store = SyncStateStore.open(file)) {
            for (int i = 0; i < 100_000; i++) {
                store.markSynced("d" + (i % 100) + "/f" + i, i, i * 3L, null);
            }
            assertThat(store.size()).isEqualTo(100_000);
        }
        assertThat(Files.size(file)).isLessThan(100_000L * 100);
        try (SyncStateStore store = SyncStateStore.open(file)) {
            assertThat(store.size()).isEqualTo(100_000);
            for (int i = 0; i < 100_000; i += 997) {
                assertThat(store.get("d" + (i % 100) + "/f" + i).matches(i, i * 3L)).isTrue();
            }
        }
    }

    @Test
    void stateFile_isOwnerOnly() throws IOException {
        Path file = dir.resolve("p.state");
        SyncStateStore store = SyncStateStore.open(file);
        store.markSynced("a", 1, 1, null);
        store.close(true);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
