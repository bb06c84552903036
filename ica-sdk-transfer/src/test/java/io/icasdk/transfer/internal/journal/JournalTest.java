package io.icasdk.transfer.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class JournalTest {
    @TempDir
    Path dir;

    private JobKey key(String remote) {
        return new JobKey("UPLOAD", dir.resolve("src"), "http://127.0.0.1:1/ica/rest", "p1", remote);
    }

    @Test
    void reopen_restoresStartedPartsAndDoneFiles() throws Exception {
        Path jdir = dir.resolve("journals");
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            assertThat(j.hadHistory()).isFalse();
            j.fileStarted("x|y%z\nw.bin", "10:20", null);
            j.multipartStarted("x|y%z\nw.bin", "10:20", "upload-1", 5);
            j.partDone("x|y%z\nw.bin", new PartRecord(1, 5, "\"e1\"", "crc1"));
            j.partDone("x|y%z\nw.bin", new PartRecord(2, 5, "\"e2\"", null));
            j.fileStarted("done.txt", "1:2", "fil.123");
            j.fileDone("done.txt", "1:2");
        }
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            assertThat(j.hadHistory()).isTrue();
            JournalEntry e = j.entry("x|y%z\nw.bin");
            assertThat(e.uploadId()).isEqualTo("upload-1");
            assertThat(e.partSize()).isEqualTo(5);
            assertThat(e.done()).isFalse();
            assertThat(e.parts()).containsOnlyKeys(1, 2);
            assertThat(e.parts().get(1)).isEqualTo(new PartRecord(1, 5, "\"e1\"", "crc1"));
            assertThat(e.parts().get(2).checksum()).isNull();
            assertThat(e.bytesInFinishedParts()).isEqualTo(10);
            JournalEntry d = j.entry("done.txt");
            assertThat(d.done()).isTrue();
            assertThat(d.dataId()).isEqualTo("fil.123");
            assertThat(j.doneCount()).isEqualTo(1);
        }
    }

    @Test
    void aDownloadJournaledAsBeingPutInPlace_isKnownSoOnReopen_untilItsNextStart() throws Exception {
        Path jdir = dir.resolve("journals");
        JournalEntry.Placement placed = new JournalEntry.Placement("big.bin", 30, "2026-01-02T03:04:05.123456789Z",
                "(dev=801,ino=42)");
        try (Journal j = Journal.open(jdir, key("/t/"))) {
            j.fileStarted("big.bin", "30:1", null);
            j.downloadStarted("big.bin", "30:1", "\"etag-3\"", 10, ".big.bin.1.icapart");
            j.downloadPlacing("big.bin", "30:1", "big.bin", 30, "2026-01-02T03:04:05.123456789Z", "(dev=801,ino=42)",
                    true);
            j.fileStarted("small.bin", "1:1", null);
            j.downloadPlacing("small.bin", "1:1", "small.bin", 1, "2026-01-02T03:04:05Z", null, false);
        }
        try (Journal j = Journal.open(jdir, key("/t/"))) {
            assertThat(j.entry("big.bin").placement()).isEqualTo(placed);
            assertThat(j.entry("big.bin").done()).isFalse();
            assertThat(j.entry("small.bin").placement().fileKey()).isNull();
            j.fileStarted("big.bin", "30:1", null); // started again: what it was about to put in place is not
            assertThat(j.entry("big.bin").placement()).isNull();
            j.fileDone("small.bin", "1:1");
            assertThat(j.entry("small.bin").placement()).isNull();
        }
    }

    @Test
    void abortsDue_surviveTheFilesResetAndNewStart_untilDone_andKeepTheJournalNonEmpty() throws Exception {
        Path jdir = dir.resolve("journals");
        try (Journal j = Journal.open(jdir, key("/abort/"))) {
            j.fileStarted("big.bin", "30:1", null);
            j.multipartStarted("big.bin", "30:1", "upload-1", 5);
            j.abortDue("big.bin", "upload-1");
            j.fileReset("big.bin");
            j.abortDue("other.bin", "upload-2");
            j.abortDone("other.bin", "upload-2");
            assertThat(j.isEmpty()).isFalse();
        }
        try (Journal j = Journal.open(jdir, key("/abort/"))) {
            assertThat(j.entry("big.bin")).isNull();
            assertThat(j.abortsDue()).isEqualTo(java.util.Map.of("big.bin", java.util.Set.of("upload-1")));
            j.fileStarted("big.bin", "31:2", null);
            assertThat(j.abortsDue()).containsOnlyKeys("big.bin");
            j.abortDone("big.bin", "upload-1");
            assertThat(j.abortsDue()).isEmpty();
        }
    }

    @Test
    void rangesWrittenBeforeTheirForce_areNamedUnforced_untilARecordOfTheirForce() throws Exception {
        Path jdir = dir.resolve("journals");
        try (Journal j = Journal.open(jdir, key("/r/"))) {
            j.fileStarted("big.bin", "30:1", null);
            j.downloadStarted("big.bin", "30:1", "\"etag-3\"", 10, ".big.bin.1.icapart");
            j.partWritten("big.bin", new PartRecord(0, 10, null, "crc64nvme:AAA="));
            j.partWritten("big.bin", new PartRecord(1, 10, null, "crc64nvme:BBB="));
            j.partWritten("big.bin", new PartRecord(2, 10, null, "crc64nvme:CCC="));
            j.partsForced("big.bin", java.util.List.of(0, 2));
            j.partDone("big.bin", new PartRecord(3, 10, null, null)); // forced before it was journaled
            j.partWritten("big.bin", new PartRecord(4, 10, null, "md5hex"));
            assertThat(j.entry("big.bin").unforcedParts()).containsExactly(1, 4);
        }
        try (Journal j = Journal.open(jdir, key("/r/"))) {
            JournalEntry e = j.entry("big.bin");
            assertThat(e.parts()).containsOnlyKeys(0, 1, 2, 3, 4);
            assertThat(e.parts().get(1)).isEqualTo(new PartRecord(1, 10, null, "crc64nvme:BBB="));
            assertThat(e.unforcedParts()).containsExactly(1, 4);
            j.partsForced("big.bin", java.util.List.of(1, 4));
            assertThat(j.entry("big.bin").unforcedParts()).isEmpty();
            j.downloadStarted("big.bin", "30:1", "\"etag-4\"", 10, ".big.bin.2.icapart"); // a new pin forgets them
            j.partWritten("big.bin", new PartRecord(0, 10, null, "crc64nvme:DDD="));
        }
        try (Journal j = Journal.open(jdir, key("/r/"))) {
            assertThat(j.entry("big.bin").parts()).containsOnlyKeys(0);
            assertThat(j.entry("big.bin").unforcedParts()).containsExactly(0);
        }
    }

    @Test
    void tornLastRecord_isDroppedAndLaterAppendsAreReadable() throws Exception {
        Path jdir = dir.resolve("journals");
        Path file;
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            j.fileStarted("a", "1:1", null);
            j.multipartStarted("a", "1:1", "u", 5);
            j.partDone("a", new PartRecord(1, 5, "e1", null));
            file = j.file();
        }
        // A crash in the middle of writing the next record.
        Files.write(file, "1234abcd|P|a|2|5|e2".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            assertThat(j.entry("a").parts()).containsOnlyKeys(1);
            j.partDone("a", new PartRecord(3, 5, "e3", null));
        }
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            assertThat(j.entry("a").parts()).containsOnlyKeys(1, 3);
        }
    }

    /**
     * A record that a full disk cut short (part of it written, then the write failed) is taken back: the records
     * appended once the disk had room again followed its torn bytes, so that the next run dropped them all as
     * damage (a download's reset and new start, files done since), resuming from a state the job had left.
     */
    @Test
    void aRecordCutShortByAFullDisk_isTakenBack_soThatTheRecordsAfterItAreKept() throws Exception {
        Path jdir = dir.resolve("journals");
        AtomicReference<FullDiskChannel> disk = new AtomicReference<>();
        Journal.channels = c -> {
            FullDiskChannel d = new FullDiskChannel(c);
            disk.set(d);
            return d;
        };
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            j.fileStarted("a", "1:1", null);
            disk.get().fillDisk();
            assertThatThrownBy(() -> j.fileDone("a", "1:1")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("No space left on device");
            j.fileStarted("b", "2:2", null); // the disk has room again
            j.fileDone("b", "2:2");
        } finally {
            Journal.channels = c -> c;
        }
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            assertThat(j.entry("b")).as("recorded after the failed write").isNotNull();
            assertThat(j.entry("b").done()).isTrue();
            assertThat(j.entry("a").done()).as("its done record failed").isFalse();
        }
    }

    /** Writes a journal where file a is done and then {@code startedAfter} started, and damages a's done record. */
    private void journalWithItsDoneRecordDamaged(Path jdir, String... startedAfter) throws Exception {
        Path file;
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            j.fileStarted("a", "1:1", null);
            j.fileDone("a", "1:1");
            for (String name : startedAfter) {
                j.fileStarted(name, "2:2", null);
            }
            file = j.file();
        }
        Files.writeString(file, Files.readString(file).replace("|D|a|1:1", "|D|a|1:9"));
    }

    @Test
    void corruptedRecord_stopsReplayThere() throws Exception {
        Path jdir = dir.resolve("journals");
        journalWithItsDoneRecordDamaged(jdir, "b");
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            assertThat(j.entry("a").done()).isFalse();
            assertThat(j.entry("b")).isNull();
        }
    }

    @Test
    void unreadableRecordBeforeOthers_isReportedAsDamage_notAsATornLastRecord() throws Exception {
        Path jdir = dir.resolve("journals");
        journalWithItsDoneRecordDamaged(jdir, "b", "c");
        Logger logger = (Logger) LoggerFactory.getLogger(Journal.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (Journal j = Journal.open(jdir, key("/a/"))) {
            assertThat(j.entry("a").done()).isFalse(); // resumed from the records before the damage
            assertThat(j.entry("b")).isNull();
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("is damaged: its line 3 is unreadable",
                    "the 2 lines after it are dropped");
        });
    }

    @Test
    void changedFingerprint_dropsEarlierProgress_andResetForgetsTheFile() throws Exception {
        try (Journal j = Journal.open(dir, key("/a/"))) {
            j.fileStarted("a", "1:1", null);
            j.multipartStarted("a", "1:1", "u", 5);
            j.partDone("a", new PartRecord(1, 5, "e1", null));
            j.fileStarted("a", "1:1", null);
            assertThat(j.entry("a").parts()).hasSize(1);
            j.fileStarted("a", "2:2", null);
            assertThat(j.entry("a").parts()).isEmpty();
            assertThat(j.entry("a").uploadId()).isNull();
            j.fileReset("a");
            assertThat(j.entry("a")).isNull();
        }
    }

    @Test
    void differentJobs_haveDifferentJournals_andSameJobIsLocked() throws Exception {
        try (Journal a = Journal.open(dir, key("/a/")); Journal b = Journal.open(dir, key("/b/"))) {
            assertThat(a.file()).isNotEqualTo(b.file());
            assertThatThrownBy(() -> Journal.open(dir, key("/a/"), java.time.Duration.ZERO))
                    .isInstanceOf(JournalBusyException.class)
                    .hasMessageContaining("Another run of the same transfer");
        }
    }

    @Test
    void secondOpenInTheSameJvm_waitsForTheFirstToClose() throws Exception {
        Journal first = Journal.open(dir, key("/w/"));
        first.fileStarted("a", "1:1", null);
        var second = new java.util.concurrent.CompletableFuture<Journal>();
        Thread opener = new Thread(() -> {
            try {
                second.complete(Journal.open(dir, key("/w/")));
            } catch (java.io.IOException | RuntimeException e) {
                second.completeExceptionally(e);
            }
        }, "second-open");
        opener.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (opener.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the second open blocks on the first run's release
        }
        assertThat(opener.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(second).isNotDone();
        first.close();
        try (Journal j = second.get(10, java.util.concurrent.TimeUnit.SECONDS)) {
            assertThat(j.entry("a")).isNotNull();
        }
    }

    @Test
    void journal_isOwnerOnly_andDeletedOnCompletion() throws Exception {
        Path jdir = dir.resolve("private");
        Journal j = Journal.open(jdir, key("/a/"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jdir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(j.file()))).isEqualTo("rw-------");
        j.completeAndDelete();
        assertThat(j.file()).doesNotExist();
    }

    @Test
    void rerunOpeningTheJournalAsTheCompletedRunLetsGo_startsAfresh_andKeepsItsRecords() throws Exception {
        Journal first = Journal.open(dir, key("/c/"));
        first.fileStarted("a", "1:1", null);
        first.fileDone("a", "1:1");
        // The rerun opens the journal at the very moment the first run lets go of it (run synchronously by the
        // first run's thread, as it lets go: in another process, the moment its file lock is released).
        CompletableFuture<Journal> rerun = Journal.releaseOf(first.file()).thenApply(released -> {
            try {
                return Journal.open(dir, key("/c/"), Duration.ZERO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        first.completeAndDelete();
        boolean resumed;
        try (Journal j = rerun.get(10, TimeUnit.SECONDS)) {
            resumed = j.hadHistory();
            j.fileStarted("b", "2:2", null);
        }
        try (Journal j = Journal.open(dir, key("/c/"))) {
            assertThat(j.entry("b")).as("the rerun's record, kept for its resume").isNotNull();
            assertThat(j.entry("a")).as("the completed run's file").isNull();
        }
        assertThat(resumed).as("the rerun resumed the completed job").isFalse();
    }

    @Test
    void journalOfACompletedRun_isNotResumed_whenAnotherRunReachesItsFile() throws Exception {
        Journal first = Journal.open(dir, key("/d/"));
        first.fileStarted("a", "1:1", null);
        first.fileDone("a", "1:1");
        Path file = first.file();
        // Another run that opened the file just before the completion deleted it still reaches it: a hard link
        // stands in for its open file, put back at the path so that this run opens it.
        Path held = dir.resolve("held");
        Files.createLink(held, file);
        first.completeAndDelete();
        assertThat(file).doesNotExist();
        Files.move(held, file);
        try (Journal j = Journal.open(dir, key("/d/"))) {
            assertThat(j.hadHistory()).isFalse();
            assertThat(j.entry("a")).isNull();
            j.fileStarted("b", "2:2", null);
        }
        try (Journal j = Journal.open(dir, key("/d/"))) {
            assertThat(j.entry("b")).isNotNull();
        }
    }

    @Test
    void foreignHeader_startsAfresh() throws Exception {
        Path file;
        try (Journal j = Journal.open(dir, key("/a/"))) {
            j.fileStarted("a", "1:1", null);
            file = j.file();
        }
        Files.writeString(file, "garbage\nmore garbage\n");
        try (Journal j = Journal.open(dir, key("/a/"))) {
            assertThat(j.hadHistory()).isFalse();
            assertThat(j.entry("a")).isNull();
        }
    }
}
