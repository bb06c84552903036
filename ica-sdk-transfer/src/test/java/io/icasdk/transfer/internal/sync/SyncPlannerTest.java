package io.icasdk.transfer.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.CompareMode;
import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDirection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The planner against real local files and a scripted remote listing (our own seam). */
class SyncPlannerTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path root;

    private final SyncStateStore store = SyncStateStore.inMemory();
    private CompareMode mode = CompareMode.SIZE_AND_MTIME;
    private boolean deleteExtra;
    private boolean folders;
    private boolean followSymlinks;
    private PathFilter filter = PathFilter.all();
    private long enginePartSize = 8L * 1024 * 1024;
    /** What S3 says of a remote object's first part (-1: it does not say). */
    private java.util.function.ToLongFunction<RemoteEntry> firstPartSize = r -> -1;

    private Path write(String rel, String content, long mtime) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, FileTime.fromMillis(mtime));
        return p;
    }

    private static RemoteEntry remote(String rel, long size, long time, String etag) {
        return new RemoteEntry(rel, rel, "fil.x" + rel.hashCode(), size, time, etag, "AVAILABLE");
    }

    private static String md5(String s) {
        try {
            return ContentHasher.hex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, PlannedAction> plan(SyncDirection direction, List<RemoteEntry> remotes) throws Exception {
        ChangeDetector detector = new ChangeDetector(direction, mode, store, root, enginePartSize, firstPartSize);
        SyncPlanner planner = new SyncPlanner(direction, root, filter, followSymlinks, folders, deleteExtra, detector,
                out -> remotes.forEach(out));
        Map<String, PlannedAction> items = new LinkedHashMap<>();
        planner.plan(a -> {
            assertThat(items.put(a.item().relativePath(), a)).as("one step per path: " + a).isNull();
        }, () -> false, "test-lister");
        return items;
    }

    private static Map<String, SyncAction> actions(Map<String, PlannedAction> plan) {
        Map<String, SyncAction> m = new LinkedHashMap<>();
        plan.forEach((k, v) -> m.put(k, v.item().action()));
        return m;
    }

    @Test
    void upload_newFilesAreUploads_remoteOnlyAreDeletesOnlyWithDeleteExtra() throws Exception {
        write("a.txt", "aaa", T0);
        write("sub/b.txt", "bb", T0);
        List<RemoteEntry> remotes = List.of(remote("gone.txt", 4, T0, null), remote("sub/gone2.txt", 4, T0, null));

        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, remotes);
        assertThat(actions(plan)).containsOnly(Map.entry("a.txt", SyncAction.UPLOAD), Map.entry("sub/b.txt", SyncAction.UPLOAD),
                Map.entry("gone.txt", SyncAction.SKIP), Map.entry("sub/gone2.txt", SyncAction.SKIP));
        assertThat(plan.get("gone.txt").item().reason()).contains("deleteExtra is off");
        assertThat(plan.get("a.txt").item().reason()).isEqualTo("not in the project folder");

        deleteExtra = true;
        plan = plan(SyncDirection.UPLOAD, remotes);
        assertThat(plan.get("gone.txt").item().action()).isEqualTo(SyncAction.DELETE);
        assertThat(plan.get("gone.txt").kind()).isEqualTo(PlannedAction.Kind.DELETE);
        assertThat(plan.get("sub/gone2.txt").item().action()).isEqualTo(SyncAction.DELETE);
    }

    /** ICA's delete is scheduled: a file an earlier run deleted may still be listed, DELETING, and is not deleted again. */
    @Test
    void upload_deleteExtra_leavesAFileIcaIsDeletingAlone() throws Exception {
        deleteExtra = true;
        RemoteEntry deleting = new RemoteEntry("gone/x.txt", "gone/x.txt", "fil.1", 1, T0, null, "DELETING");
        RemoteEntry folder = new RemoteEntry("gone/", "gone/", "fol.1", 0, T0, null, "DELETING");
        assertThat(plan(SyncDirection.UPLOAD, List.of(folder, deleting, remote("extra.txt", 1, T0, null))))
                .containsOnlyKeys("extra.txt");
    }

    @Test
    void upload_afterSync_unchanged_thenTouchedModifiedAndAddedAreExactlyTheUploads() throws Exception {
        write("same.txt", "same", T0);
        write("touched.txt", "touch", T0);
        write("modified.txt", "modify", T0);
        long uploadTime = T0 + 60_000;
        List<RemoteEntry> remotes = List.of(remote("same.txt", 4, uploadTime, null), remote("touched.txt", 5, uploadTime, null),
                remote("modified.txt", 6, uploadTime, null));
        // what the executor records after uploading them
        store.markSynced("same.txt", 4, T0, null);
        store.markSynced("touched.txt", 5, T0, null);
        store.markSynced("modified.txt", 6, T0, null);

        assertThat(actions(plan(SyncDirection.UPLOAD, remotes))).containsOnly(Map.entry("same.txt", SyncAction.UNCHANGED),
                Map.entry("touched.txt", SyncAction.UNCHANGED), Map.entry("modified.txt", SyncAction.UNCHANGED));

        Files.setLastModifiedTime(root.resolve("touched.txt"), FileTime.fromMillis(T0 + 1000));
        write("modified.txt", "MODIFIED", T0 - 5000); // older mtime than before, as a restore from backup would leave
        write("added.txt", "new", T0);
        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, remotes);
        assertThat(actions(plan)).containsOnly(Map.entry("same.txt", SyncAction.UNCHANGED), Map.entry("touched.txt", SyncAction.UPLOAD),
                Map.entry("modified.txt", SyncAction.UPLOAD), Map.entry("added.txt", SyncAction.UPLOAD));
        assertThat(plan.get("same.txt").kind()).isEqualTo(PlannedAction.Kind.UNCHANGED);
        assertThat(plan.get("touched.txt").item().reason()).contains("changed since the last sync (modification time)");
        assertThat(plan.get("modified.txt").item().reason()).contains("size differs");
    }

    @Test
    void upload_withoutMemory_usesSizeAndNewerSource() throws Exception {
        write("older.txt", "x", T0);
        write("newer.txt", "y", T0 + 10_000);
        write("resized.txt", "zz", T0);
        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, List.of(remote("older.txt", 1, T0 + 5_000, "e1"),
                remote("newer.txt", 1, T0 + 5_000, "e2"), remote("resized.txt", 1, T0 + 5_000, "e3")));
        assertThat(actions(plan)).containsOnly(Map.entry("older.txt", SyncAction.UNCHANGED), Map.entry("newer.txt", SyncAction.UPLOAD),
                Map.entry("resized.txt", SyncAction.UPLOAD));
        assertThat(plan.get("newer.txt").item().reason()).contains("local file is newer");
        // the skip was remembered with the remote ETag: a replaced remote object is noticed next time
        Map<String, PlannedAction> again = plan(SyncDirection.UPLOAD, List.of(remote("older.txt", 1, T0 + 9_000, "other")));
        assertThat(again.get("older.txt").item().action()).isEqualTo(SyncAction.UPLOAD);
        assertThat(again.get("older.txt").item().reason()).contains("objectETag differs");
    }

    @Test
    void upload_partialRemoteFile_isUploadedAgain() throws Exception {
        write("p.txt", "abc", T0);
        RemoteEntry partial = new RemoteEntry("p.txt", "p.txt", "fil.p", 3, T0 + 1000, null, "PARTIAL");
        assertThat(plan(SyncDirection.UPLOAD, List.of(partial)).get("p.txt").item())
                .satisfies(i -> assertThat(i.action()).isEqualTo(SyncAction.UPLOAD))
                .satisfies(i -> assertThat(i.reason()).contains("PARTIAL"));
    }

    @Test
    void sizeOnly_ignoresTimes() throws Exception {
        mode = CompareMode.SIZE_ONLY;
        write("a.txt", "abc", T0 + 100_000);
        write("b.txt", "abcd", T0);
        assertThat(actions(plan(SyncDirection.UPLOAD, List.of(remote("a.txt", 3, T0, null), remote("b.txt", 3, T0, null)))))
                .containsOnly(Map.entry("a.txt", SyncAction.UNCHANGED), Map.entry("b.txt", SyncAction.UPLOAD));
    }

    @Test
    void checksum_catchesSameSizeSameMtimeContentChange_andCachesHashes() throws Exception {
        mode = CompareMode.CHECKSUM;
        write("a.txt", "hello", T0);
        List<RemoteEntry> remotes = List.of(remote("a.txt", 5, T0 - 1, "\"" + md5("hello") + "\""));
        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, remotes);
        assertThat(plan.get("a.txt").kind()).isEqualTo(PlannedAction.Kind.UNCHANGED);
        assertThat(plan.get("a.txt").item().reason()).isEqualTo("same MD5");
        assertThat(store.get("a.txt").digestKind()).isEqualTo(SyncStateStore.MD5);

        write("a.txt", "HELLO", T0); // same size, same mtime, other bytes
        plan = plan(SyncDirection.UPLOAD, remotes);
        assertThat(plan.get("a.txt").item().action()).isEqualTo(SyncAction.UPLOAD);
        assertThat(plan.get("a.txt").item().reason()).contains("content differs").contains(md5("HELLO"));
    }

    @Test
    void checksum_reusesCachedHash_forUnchangedFiles() throws Exception {
        mode = CompareMode.CHECKSUM;
        Path file = write("a.txt", "hello", T0);
        List<RemoteEntry> remotes = List.of(remote("a.txt", 5, T0, md5("hello")));
        plan(SyncDirection.UPLOAD, remotes);
        long ctime = store.get("a.txt").digestCtimeNanos();
        assertThat(ctime).isPositive();
        // plant a wrong digest under the same fingerprint: if the file were read again it would be corrected
        store.putDigest("a.txt", 5, T0, ctime, SyncStateStore.MD5, new byte[16]);
        assertThat(plan(SyncDirection.UPLOAD, remotes).get("a.txt").item().action()).isEqualTo(SyncAction.UPLOAD);
        assertThat(Files.readString(file)).isEqualTo("hello");
    }

    @Test
    void checksum_matchesMultipartEtag_withTheEnginePartSize() throws Exception {
        mode = CompareMode.CHECKSUM;
        enginePartSize = 4;
        write("m.bin", "0123456789", T0); // parts "0123", "4567", "89"
        java.security.MessageDigest outer = java.security.MessageDigest.getInstance("MD5");
        for (String part : List.of("0123", "4567", "89")) {
            outer.update(java.security.MessageDigest.getInstance("MD5").digest(part.getBytes(StandardCharsets.US_ASCII)));
        }
        String etag = ContentHasher.hex(outer.digest()) + "-3";
        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, List.of(remote("m.bin", 10, T0, etag)));
        assertThat(plan.get("m.bin").item().reason()).startsWith("same multipart checksum");

        write("m.bin", "0123456788", T0);
        assertThat(plan(SyncDirection.UPLOAD, List.of(remote("m.bin", 10, T0, etag))).get("m.bin").item().action())
                .isEqualTo(SyncAction.UPLOAD);
    }

    /**
     * A multipart ETag is checked with the part size S3 tells (a HEAD of part 1) before any guess: a guess that gives
     * the same part count but is not the upload's own (6 bytes here, for 5-byte parts) takes equal content for
     * different, which only S3's answer avoids.
     */
    @Test
    void checksum_multipartEtag_isCheckedWithThePartSizeS3Tells_beforeAnyGuess() throws Exception {
        mode = CompareMode.CHECKSUM;
        enginePartSize = 6;
        write("m.bin", "0123456789", T0);
        java.security.MessageDigest outer = java.security.MessageDigest.getInstance("MD5");
        for (String part : List.of("01234", "56789")) {
            outer.update(java.security.MessageDigest.getInstance("MD5").digest(part.getBytes(StandardCharsets.US_ASCII)));
        }
        List<RemoteEntry> remotes = List.of(remote("m.bin", 10, T0 + 1000, ContentHasher.hex(outer.digest()) + "-2"));
        assertThat(plan(SyncDirection.DOWNLOAD, remotes).get("m.bin").item().reason()).as("a wrong guess")
                .startsWith("content differs");

        firstPartSize = r -> 5;
        PlannedAction same = plan(SyncDirection.DOWNLOAD, remotes).get("m.bin");
        assertThat(same.item().action()).isEqualTo(SyncAction.UNCHANGED);
        assertThat(same.item().reason()).startsWith("same multipart checksum");
        write("m.bin", "0123456780", T0);
        PlannedAction changed = plan(SyncDirection.DOWNLOAD, remotes).get("m.bin");
        assertThat(changed.item().action()).isEqualTo(SyncAction.DOWNLOAD);
        assertThat(changed.item().reason()).startsWith("content differs");
    }

    /**
     * A local file the checksum compare cannot read (here a folder stands where the walk saw it; for a user, a file
     * without read permission) is a failure, as its upload would be, not a skip: the sync must not end as complete.
     */
    @Test
    void checksum_aLocalFileThatCannotBeRead_isAFailure_notASkip() throws Exception {
        Files.createDirectories(root.resolve("gone.bin"));
        ChangeDetector detector = new ChangeDetector(SyncDirection.UPLOAD, CompareMode.CHECKSUM, store, root, 0);
        ChangeDetector.Decision d = detector.compare(new LocalEntry("gone.bin", "gone.bin", 4, T0, false),
                remote("gone.bin", 4, T0, md5("1234")));
        assertThat(d.action()).isEqualTo(SyncAction.FAIL);
        assertThat(d.reason()).contains("cannot read the local file", "make it readable, or exclude it");
    }

    @Test
    void checksum_withoutRemoteEtag_fallsBackToSizeAndTime_andSaysSo() throws Exception {
        mode = CompareMode.CHECKSUM;
        write("a.txt", "x", T0);
        PlannedAction a = plan(SyncDirection.UPLOAD, List.of(remote("a.txt", 1, T0 + 1, null))).get("a.txt");
        assertThat(a.kind()).isEqualTo(PlannedAction.Kind.UNCHANGED);
        assertThat(a.item().reason()).contains("no objectETag");
    }

    @Test
    void download_newerRemoteAndMissingFilesAreDownloads_localOnlyDeletedOnlyWithDeleteExtra() throws Exception {
        write("same.txt", "1234", T0);
        write("stale.txt", "1234", T0);
        write("extra.txt", "x", T0);
        List<RemoteEntry> remotes = List.of(remote("same.txt", 4, T0, "e1"), remote("stale.txt", 4, T0 + 1000, "e2"),
                remote("new/n.txt", 3, T0, "e3"),
                new RemoteEntry("partial.txt", "partial.txt", "fil.p", 3, T0, null, "PARTIAL"));
        Map<String, PlannedAction> plan = plan(SyncDirection.DOWNLOAD, remotes);
        assertThat(actions(plan)).containsOnly(Map.entry("same.txt", SyncAction.UNCHANGED), Map.entry("stale.txt", SyncAction.DOWNLOAD),
                Map.entry("new/n.txt", SyncAction.DOWNLOAD), Map.entry("extra.txt", SyncAction.SKIP),
                Map.entry("partial.txt", SyncAction.SKIP));
        assertThat(plan.get("partial.txt").item().reason()).contains("PARTIAL");

        deleteExtra = true;
        assertThat(plan(SyncDirection.DOWNLOAD, remotes).get("extra.txt").item().action()).isEqualTo(SyncAction.DELETE);
    }

    @Test
    void download_rememberedFile_isRedownloadedWhenTheRemoteEtagChanges() throws Exception {
        write("a.txt", "1234", T0);
        store.markSynced("a.txt", 4, T0, "e1");
        assertThat(plan(SyncDirection.DOWNLOAD, List.of(remote("a.txt", 4, T0, "e1"))).get("a.txt").kind())
                .isEqualTo(PlannedAction.Kind.UNCHANGED);
        PlannedAction changed = plan(SyncDirection.DOWNLOAD, List.of(remote("a.txt", 4, T0, "e2"))).get("a.txt");
        assertThat(changed.item().action()).isEqualTo(SyncAction.DOWNLOAD);
        assertThat(changed.item().reason()).contains("changed since the last sync");
    }

    /** A download records the ETag as ICA spells it; the next sync compares it unquoted and in lower case. */
    @Test
    void download_anEtagRecordedQuotedOrInUpperCase_stillMatchesOnTheNextSync() throws Exception {
        write("a.txt", "1234", T0);
        store.markSynced("a.txt", 4, T0, "\"9B2CF535F27731C974343645A3985328\"");
        assertThat(plan(SyncDirection.DOWNLOAD, List.of(remote("a.txt", 4, T0 + 1000, "9b2cf535f27731c974343645a3985328")))
                .get("a.txt").kind()).isEqualTo(PlannedAction.Kind.UNCHANGED);
    }

    /**
     * Not "unchanged": the two sides differ, and the plan says the local edit is kept, and why, whatever its size (an
     * edit that changed the size was downloaded over without a word); a remote file newer than the edit still wins.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1234", "12345"})
    void download_aLocalFileEditedSinceTheSync_andNewerThanTheRemote_isKeptSayingSo(String edited) throws Exception {
        write("a.txt", edited, T0);
        store.markSynced("a.txt", 4, T0 - 5000, "e1");
        PlannedAction kept = plan(SyncDirection.DOWNLOAD, List.of(remote("a.txt", 4, T0 - 5000, "e1"))).get("a.txt");
        assertThat(kept.item().action()).isEqualTo(SyncAction.SKIP);
        assertThat(kept.kind()).isEqualTo(PlannedAction.Kind.SKIPPED);
        assertThat(kept.item().reason()).contains("local file changed since the last sync", "kept");

        PlannedAction newer = plan(SyncDirection.DOWNLOAD, List.of(remote("a.txt", 4, T0 + 5000, "e2"))).get("a.txt");
        assertThat(newer.item().action()).isEqualTo(SyncAction.DOWNLOAD);
    }

    @Test
    void download_unsafeRemoteNames_areErrors_notDownloads() throws Exception {
        Map<String, PlannedAction> plan = plan(SyncDirection.DOWNLOAD,
                List.of(remote("../evil.txt", 1, T0, null), remote("a//b.txt", 1, T0, null), remote("ok.txt", 1, T0, null)));
        assertThat(plan.get("../evil.txt").kind()).isEqualTo(PlannedAction.Kind.ERROR);
        assertThat(plan.get("a//b.txt").kind()).isEqualTo(PlannedAction.Kind.ERROR);
        assertThat(plan.get("../evil.txt").item().action()).as("a failure, not a skip").isEqualTo(SyncAction.FAIL);
        assertThat(plan.get("ok.txt").item().action()).isEqualTo(SyncAction.DOWNLOAD);
    }

    @Test
    void filters_applyToBothSides_soExcludedRemoteFilesAreNeverDeleted() throws Exception {
        deleteExtra = true;
        filter = PathFilter.of(List.of(), List.of("*.tmp", "cache"));
        write("keep.txt", "k", T0);
        write("x.tmp", "t", T0);
        write("cache/c.txt", "c", T0);
        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD,
                List.of(remote("remote.tmp", 1, T0, null), remote("cache/old.txt", 1, T0, null), remote("gone.txt", 1, T0, null)));
        assertThat(actions(plan)).containsOnly(Map.entry("keep.txt", SyncAction.UPLOAD), Map.entry("gone.txt", SyncAction.DELETE));
    }

    @Test
    void symlinks_skippedByDefault_followedOnRequest_andLoopsStop() throws Exception {
        write("real/f.txt", "f", T0);
        Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("real/f.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), root.resolve("real"));
        Files.createSymbolicLink(root.resolve("real/loop"), root);
        Files.createSymbolicLink(root.resolve("broken"), root.resolve("nowhere"));

        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, List.of());
        assertThat(actions(plan)).containsOnly(Map.entry("real/f.txt", SyncAction.UPLOAD), Map.entry("link.txt", SyncAction.SKIP),
                Map.entry("linkdir", SyncAction.SKIP), Map.entry("real/loop", SyncAction.SKIP), Map.entry("broken", SyncAction.SKIP));
        assertThat(plan.get("link.txt").item().reason()).contains("followSymlinks is off");
        assertThat(plan(SyncDirection.DOWNLOAD, List.of(remote("link.txt", 1, T0, null))).get("link.txt").item().reason())
                .as("following links would not help a download").isEqualTo("symbolic link, left alone: a download never"
                        + " writes through one");

        followSymlinks = true;
        plan = plan(SyncDirection.UPLOAD, List.of());
        assertThat(plan.get("link.txt").item().action()).isEqualTo(SyncAction.UPLOAD);
        assertThat(plan.get("linkdir/f.txt").item().action()).isEqualTo(SyncAction.UPLOAD);
        assertThat(plan.get("real/loop/").item().reason()).contains("loop");
        assertThat(plan.get("linkdir/loop/").item().reason()).contains("loop");
        assertThat(plan.get("broken").item().reason()).contains("broken");
        assertThat(plan).hasSize(6);
    }

    /** A link not followed stands for whatever the project holds under its name: never deleted nor written over. */
    @Test
    void leftOutLocalEntries_shieldTheirProjectCounterparts_inBothDirections() throws Exception {
        deleteExtra = true;
        write("real/f.txt", "f", T0);
        Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("real/f.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), root.resolve("real"));
        List<RemoteEntry> remotes = List.of(remote("link.txt", 1, T0, null), remote("linkdir/f.txt", 1, T0, null),
                remote("gone.txt", 1, T0, null));

        assertThat(actions(plan(SyncDirection.UPLOAD, remotes))).containsOnly(Map.entry("real/f.txt", SyncAction.UPLOAD),
                Map.entry("link.txt", SyncAction.SKIP), Map.entry("linkdir", SyncAction.SKIP),
                Map.entry("gone.txt", SyncAction.DELETE));
        assertThat(actions(plan(SyncDirection.DOWNLOAD, remotes))).containsOnly(
                Map.entry("real/f.txt", SyncAction.DELETE), Map.entry("real/", SyncAction.DELETE),
                Map.entry("link.txt", SyncAction.SKIP), Map.entry("linkdir", SyncAction.SKIP),
                Map.entry("gone.txt", SyncAction.DOWNLOAD));
    }

    private static RemoteEntry remoteFolder(String rel) {
        return new RemoteEntry(rel, rel, "fol.x" + rel.hashCode(), 0, T0, null, "AVAILABLE");
    }

    /**
     * A folder the source does not have goes with what it holds, the deepest first (the executor's order), also an
     * empty one; one the source has stays (empty, or named only by the folders of its files), and so does one
     * holding something the sync leaves in place (a file the filters leave out, a link).
     */
    @Test
    void deleteExtra_deletesTheDestinationFoldersTheSourceDoesNotHave_unlessSomethingStaysInThem() throws Exception {
        filter = PathFilter.of(List.of(), List.of("*.tmp"));
        write("keep/a.txt", "a", T0);
        Files.createDirectories(root.resolve("empty-here"));
        List<RemoteEntry> remotes = List.of(remoteFolder("keep/"), remote("keep/a.txt", 1, T0, null),
                remoteFolder("empty-here/"), remoteFolder("gone/"), remoteFolder("gone/sub/"), remote("gone/sub/x.txt", 1, T0, null),
                remoteFolder("gone-empty/"), remoteFolder("held/"), remote("held/x.tmp", 1, T0, null), remoteFolder("empty-here/deeper/"));
        assertThat(actions(plan(SyncDirection.UPLOAD, remotes))).as("without deleteExtra").containsOnly(
                Map.entry("keep/a.txt", SyncAction.UNCHANGED), Map.entry("gone/sub/x.txt", SyncAction.SKIP));

        deleteExtra = true;
        Map<String, PlannedAction> up = plan(SyncDirection.UPLOAD, remotes);
        assertThat(actions(up)).containsOnly(Map.entry("keep/a.txt", SyncAction.UNCHANGED),
                Map.entry("gone/sub/x.txt", SyncAction.DELETE), Map.entry("gone/", SyncAction.DELETE),
                Map.entry("gone/sub/", SyncAction.DELETE), Map.entry("gone-empty/", SyncAction.DELETE),
                Map.entry("empty-here/deeper/", SyncAction.DELETE));
        assertThat(up.get("gone/").item().reason()).isEqualTo("folder not in the local folder");
        assertThat(up.get("gone/").remote().dataId()).isEqualTo(remoteFolder("gone/").dataId());

        // the mirror image: the local tree holds what the project held, the project what the local tree held
        Files.delete(root.resolve("empty-here"));
        write("gone/sub/x.txt", "x", T0);
        Files.createDirectories(root.resolve("gone-empty"));
        write("held/x.tmp", "t", T0);
        Files.createDirectories(root.resolve("linked"));
        Files.createSymbolicLink(root.resolve("linked/link"), root.resolve("keep"));
        Map<String, PlannedAction> down = plan(SyncDirection.DOWNLOAD, List.of(remote("keep/a.txt", 1, T0, null),
                remoteFolder("only-remote/")));
        assertThat(actions(down)).as("keep/ is named by its file only").containsOnly(
                Map.entry("keep/a.txt", SyncAction.UNCHANGED), Map.entry("gone/sub/x.txt", SyncAction.DELETE),
                Map.entry("gone/", SyncAction.DELETE), Map.entry("gone/sub/", SyncAction.DELETE),
                Map.entry("gone-empty/", SyncAction.DELETE), Map.entry("linked/link", SyncAction.SKIP));
        assertThat(down.get("gone/").item().reason()).isEqualTo("folder not in the project folder");
        assertThat(down.get("gone/").local().rawRelativePath()).isEqualTo("gone/");

        folders = true;
        assertThat(actions(plan(SyncDirection.DOWNLOAD, List.of(remote("keep/a.txt", 1, T0, null),
                remoteFolder("only-remote/"))))).as("empty folders created when asked, as before")
                .containsEntry("only-remote/", SyncAction.DOWNLOAD).containsEntry("gone-empty/", SyncAction.DELETE);
    }

    /** An include pattern for files must not unshield a linked folder: it may hold files the pattern takes. */
    @Test
    void aLinkedFolderLeftOut_shieldsItsProjectCounterpart_alsoUnderAnIncludeFilter() throws Exception {
        deleteExtra = true;
        filter = PathFilter.of(List.of("*.bam"), List.of());
        write("real/x.bam", "x", T0);
        write("real/notes.txt", "n", T0);
        Files.createSymbolicLink(root.resolve("data"), root.resolve("real"));
        Files.createSymbolicLink(root.resolve("notes-link.txt"), root.resolve("real/notes.txt"));
        Files.createSymbolicLink(root.resolve("x-link.bam"), root.resolve("real/x.bam"));
        List<RemoteEntry> remotes = List.of(remote("data/x.bam", 1, T0, null), remote("gone.bam", 1, T0, null));

        assertThat(actions(plan(SyncDirection.UPLOAD, remotes))).containsOnly(
                Map.entry("real/x.bam", SyncAction.UPLOAD), Map.entry("data", SyncAction.SKIP),
                Map.entry("x-link.bam", SyncAction.SKIP), Map.entry("gone.bam", SyncAction.DELETE));
        assertThat(actions(plan(SyncDirection.DOWNLOAD, remotes))).containsOnly(
                Map.entry("real/x.bam", SyncAction.DELETE), Map.entry("data", SyncAction.SKIP),
                Map.entry("x-link.bam", SyncAction.SKIP), Map.entry("gone.bam", SyncAction.DOWNLOAD));

        filter = PathFilter.of(List.of("*.bam"), List.of("data"));
        assertThat(actions(plan(SyncDirection.UPLOAD, remotes))).as("an excluded folder is neither walked nor deleted")
                .containsOnly(Map.entry("real/x.bam", SyncAction.UPLOAD), Map.entry("x-link.bam", SyncAction.SKIP),
                        Map.entry("gone.bam", SyncAction.DELETE));
    }

    @Test
    void emptyFolders_areCreatedOnlyWhenAsked() throws Exception {
        Files.createDirectories(root.resolve("empty/inner"));
        Files.createDirectories(root.resolve("present"));
        write("full/f.txt", "f", T0);
        assertThat(plan(SyncDirection.UPLOAD, List.of())).containsOnlyKeys("full/f.txt");

        folders = true;
        List<RemoteEntry> remotes = List.of(new RemoteEntry("present/", "present/", "fol.1", 0, T0, null, "AVAILABLE"));
        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, remotes);
        assertThat(actions(plan)).containsOnly(Map.entry("full/f.txt", SyncAction.UPLOAD), Map.entry("empty/inner/", SyncAction.UPLOAD));
        assertThat(plan.get("empty/inner/").kind()).isEqualTo(PlannedAction.Kind.CREATE_FOLDER);

        Map<String, PlannedAction> down = plan(SyncDirection.DOWNLOAD, List.of(
                new RemoteEntry("remote-empty/", "remote-empty/", "fol.2", 0, T0, null, "AVAILABLE"),
                new RemoteEntry("present/", "present/", "fol.1", 0, T0, null, "AVAILABLE")));
        assertThat(down.get("remote-empty/").kind()).isEqualTo(PlannedAction.Kind.CREATE_FOLDER);
        assertThat(down).doesNotContainKey("present/");
    }

    @Test
    void nfdLocalName_meetsNfcRemoteName() throws Exception {
        String nfc = "caf\u00e9.txt";
        String nfd = "cafe\u0301.txt";
        write(nfd, "x", T0);
        Map<String, PlannedAction> plan = plan(SyncDirection.UPLOAD, List.of(remote(nfc, 1, T0 + 1, null)));
        assertThat(plan).containsOnlyKeys(nfc);
        assertThat(plan.get(nfc).kind()).isEqualTo(PlannedAction.Kind.UNCHANGED);
        assertThat(plan.get(nfc).local().rawRelativePath()).isEqualTo(nfd);
    }

    @Test
    void walkAndListingOverlap_andGiveTheSamePlan_whicheverFinishesFirst() throws Exception {
        for (int i = 0; i < 2000; i++) {
            write("d" + (i % 10) + "/f" + i, "x", T0);
        }
        List<RemoteEntry> remotes = new ArrayList<>();
        for (int i = 0; i < 2000; i += 2) {
            remotes.add(remote("d" + (i % 10) + "/f" + i, 1, T0 + 1, null));
        }
        for (int i = 0; i < 500; i++) {
            remotes.add(remote("extra/e" + i, 1, T0, null));
        }
        Map<String, PlannedAction> fast = plan(SyncDirection.UPLOAD, remotes);

        // a listing that delivers half, then waits until the planner has decided something: a planner that
        // waited for the whole listing before deciding would never get there
        CountDownLatch firstStep = new CountDownLatch(1);
        ChangeDetector detector = new ChangeDetector(SyncDirection.UPLOAD, mode, SyncStateStore.inMemory(), root, 0);
        SyncPlanner planner = new SyncPlanner(SyncDirection.UPLOAD, root, filter, false, false, false, detector, out -> {
            for (int i = 0; i < remotes.size(); i++) {
                if (i == remotes.size() / 2 && !firstStep.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the planner decided nothing before the listing ended");
                }
                out.accept(remotes.get(i));
            }
        });
        Map<String, SyncAction> slow = new LinkedHashMap<>();
        planner.plan(a -> {
            firstStep.countDown();
            slow.put(a.item().relativePath(), a.item().action());
        }, () -> false, "test-lister");
        assertThat(slow).isEqualTo(actions(fast));
        assertThat(slow.values().stream().filter(a -> a == SyncAction.UPLOAD)).hasSize(1000);
    }

    @Test
    void remoteListingFailure_failsThePlan() {
        ChangeDetector detector = new ChangeDetector(SyncDirection.UPLOAD, mode, store, root, 0);
        SyncPlanner planner = new SyncPlanner(SyncDirection.UPLOAD, root, filter, false, false, true, detector, out -> {
            throw new IllegalStateException("listing broke");
        });
        assertThatThrownBy(() -> planner.plan(a -> { }, () -> false, "test-lister"))
                .isInstanceOf(SyncPlanner.RemoteListingException.class).hasMessageContaining("listing broke");
    }
}
