package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.CompareMode;
import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDirection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what to do with a path present on both sides. Thread-safe (state lives in the store).
 */
final class ChangeDetector {
    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern MULTIPART_ETAG = Pattern.compile("([0-9a-f]{32})-(\\d{1,5})");
    private static final long MIB = 1024L * 1024;
    /** Part sizes tried for a multipart ETag, after the engine's own. */
    private static final List<Long> COMMON_PART_SIZES =
            List.of(8 * MIB, 16 * MIB, 5 * MIB, 32 * MIB, 64 * MIB, 100 * MIB, 128 * MIB, 256 * MIB, 512 * MIB);

    /** The decision for one path. */
    record Decision(SyncAction action, String reason) {
    }

    private final SyncDirection direction;
    private final CompareMode mode;
    private final SyncStateStore store;
    private final Path localRoot;
    private final List<Long> partSizes;
    private final ToLongFunction<RemoteEntry> firstPartSize;
    private final SyncAction transfer;

    /** A detector that guesses the part size of a multipart ETag (it cannot ask S3). */
    ChangeDetector(SyncDirection direction, CompareMode mode, SyncStateStore store, Path localRoot, long enginePartSize) {
        this(direction, mode, store, localRoot, enginePartSize, remote -> -1);
    }

    /**
     * @param firstPartSize what S3 says the first part of a remote file's object holds (a HEAD of part 1), -1 when it
     *                      does not say: the part size of its multipart ETag, tried before the guesses
     */
    ChangeDetector(SyncDirection direction, CompareMode mode, SyncStateStore store, Path localRoot, long enginePartSize,
                   ToLongFunction<RemoteEntry> firstPartSize) {
        this.direction = direction;
        this.firstPartSize = firstPartSize;
        this.mode = mode;
        this.store = store;
        this.localRoot = localRoot;
        this.transfer = direction == SyncDirection.UPLOAD ? SyncAction.UPLOAD : SyncAction.DOWNLOAD;
        ArrayList<Long> sizes = new ArrayList<>();
        if (enginePartSize > 0) {
            sizes.add(enginePartSize);
        }
        for (Long s : COMMON_PART_SIZES) {
            if (!sizes.contains(s)) {
                sizes.add(s);
            }
        }
        this.partSizes = List.copyOf(sizes);
    }

    /** What to do with a file that both sides have. May read the local file (checksum mode). */
    Decision compare(LocalEntry local, RemoteEntry remote) {
        store.markSeen(local.relativePath());
        if (direction == SyncDirection.DOWNLOAD && !remote.isAvailable()) {
            return skip("remote file is " + remote.status() + ", not AVAILABLE: left for a later sync");
        }
        if (local.sizeInBytes() != remote.sizeInBytes()) {
            if (direction == SyncDirection.DOWNLOAD && editedSinceSyncAndNewer(local, remote)) {
                return skip(KEPT);
            }
            return act("size differs (local " + Names.bytes(local.sizeInBytes()) + ", remote "
                    + Names.bytes(remote.sizeInBytes()) + ")");
        }
        if (direction == SyncDirection.UPLOAD && !remote.isAvailable() && !"ARCHIVED".equals(remote.status())) {
            SyncStateStore.State st = store.get(local.relativePath());
            if (st == null || !st.synced() || !st.matches(local.sizeInBytes(), local.mtimeMillis())) {
                return act("remote file is " + remote.status() + " (an earlier upload did not finish)");
            }
        }
        switch (mode) {
            case SIZE_ONLY:
                return unchanged("same size");
            case CHECKSUM:
                return compareChecksum(local, remote);
            case SIZE_AND_MTIME:
            default:
                return compareSizeAndTime(local, remote, "");
        }
    }

    /** Why a download sync leaves a local file edited since the last sync, and newer than the project's, alone. */
    private static final String KEPT = "local file changed since the last sync and is newer than the remote file: kept"
            + " (a download sync takes what is newer in the project)";

    /**
     * Whether the local file was edited since the last sync that left it in sync (its size or mtime moved) and is
     * newer than the remote file: a download sync keeps such an edit, whatever its size.
     */
    private boolean editedSinceSyncAndNewer(LocalEntry local, RemoteEntry remote) {
        SyncStateStore.State st = store.get(local.relativePath());
        return st != null && st.synced() && !st.matches(local.sizeInBytes(), local.mtimeMillis())
                && local.mtimeMillis() >= remote.timeModifiedMillis();
    }

    /** The reason of most files a sync leaves alone (one string, not one per file). */
    private static final String UNCHANGED = "unchanged since the last sync";

    private Decision compareSizeAndTime(LocalEntry local, RemoteEntry remote, String note) {
        String key = local.relativePath();
        SyncStateStore.State st = store.get(key);
        String remoteEtag = normalizeEtag(remote.objectETag());
        boolean localChangedSinceSync = false;
        if (st != null && st.synced()) {
            if (st.matches(local.sizeInBytes(), local.mtimeMillis())) {
                if (remoteEtag == null || st.remoteEtagHash() == 0) {
                    if (remoteEtag != null) {
                        store.markSynced(key, local.sizeInBytes(), local.mtimeMillis(), remoteEtag); // learn it
                    }
                    return unchanged(note.isEmpty() ? UNCHANGED : UNCHANGED + note);
                }
                if (st.remoteEtagHash() == SyncStateStore.etagHash(remoteEtag)) {
                    return unchanged(note.isEmpty() ? UNCHANGED : UNCHANGED + note);
                }
                return act(direction == SyncDirection.DOWNLOAD
                        ? "remote file changed since the last sync (objectETag differs)" + note
                        : "remote file was replaced since the last sync (objectETag differs)" + note);
            }
            if (direction == SyncDirection.UPLOAD) {
                return act("local file changed since the last sync ("
                        + (st.sizeInBytes() != local.sizeInBytes() ? "size" : "modification time") + ")" + note);
            }
            localChangedSinceSync = true;
        }
        // No usable memory of an earlier sync: the plain rule, act when the source is newer.
        if (direction == SyncDirection.UPLOAD) {
            if (local.mtimeMillis() > remote.timeModifiedMillis()) {
                return act("local file is newer (" + Instant.ofEpochMilli(local.mtimeMillis()) + " > remote "
                        + Instant.ofEpochMilli(remote.timeModifiedMillis()) + ")" + note);
            }
            store.markSynced(key, local.sizeInBytes(), local.mtimeMillis(), remoteEtag);
            return unchanged("same size, remote file is not older" + note);
        }
        if (remote.timeModifiedMillis() > local.mtimeMillis()) {
            return act("remote file is newer (" + Instant.ofEpochMilli(remote.timeModifiedMillis()) + " > local "
                    + Instant.ofEpochMilli(local.mtimeMillis()) + ")" + note);
        }
        if (localChangedSinceSync) {
            return skip(KEPT + note);
        }
        store.markSynced(key, local.sizeInBytes(), local.mtimeMillis(), remoteEtag);
        return unchanged("same size, local file is not older" + note);
    }

    private Decision compareChecksum(LocalEntry local, RemoteEntry remote) {
        String etag = normalizeEtag(remote.objectETag());
        if (etag == null) {
            return compareSizeAndTime(local, remote, "; remote file has no objectETag to compare");
        }
        Path file = localRoot.resolve(local.rawRelativePath());
        try {
            Matcher single = MD5_ETAG.matcher(etag);
            if (single.matches()) {
                byte[] md5 = digest(local, file, SyncStateStore.MD5);
                if (ContentHasher.hex(md5).equals(etag)) {
                    store.markSynced(local.relativePath(), local.sizeInBytes(), local.mtimeMillis(), etag);
                    return unchanged("same MD5");
                }
                return act("content differs (local MD5 " + ContentHasher.hex(md5) + ", remote objectETag " + etag + ")");
            }
            Matcher multi = MULTIPART_ETAG.matcher(etag);
            if (multi.matches()) {
                long parts = Long.parseLong(multi.group(2));
                long cached = cachedPartSizeMatching(local, file, etag, parts);
                if (cached > 0) { // checked with this part size before, and the file has not changed since: no S3 call
                    store.markSynced(local.relativePath(), local.sizeInBytes(), local.mtimeMillis(), etag);
                    return unchanged("same multipart checksum (" + Names.bytes(cached) + " parts)");
                }
                long told = firstPartSize.applyAsLong(remote);
                if (told > 0 && partCount(local.sizeInBytes(), told) == parts) { // the upload's own part size
                    byte[] d = digest(local, file, told);
                    if ((ContentHasher.hex(d) + "-" + parts).equals(etag)) {
                        store.markSynced(local.relativePath(), local.sizeInBytes(), local.mtimeMillis(), etag);
                        return unchanged("same multipart checksum (" + Names.bytes(told) + " parts)");
                    }
                    return act("content differs (multipart objectETag " + etag + " does not match the local file)");
                }
                boolean tried = false;
                for (long partSize : partSizes) {
                    if (partCount(local.sizeInBytes(), partSize) != parts) {
                        continue;
                    }
                    tried = true;
                    byte[] d = digest(local, file, partSize);
                    if ((ContentHasher.hex(d) + "-" + parts).equals(etag)) {
                        store.markSynced(local.relativePath(), local.sizeInBytes(), local.mtimeMillis(), etag);
                        return unchanged("same multipart checksum (" + (partSize / MIB) + " MiB parts)");
                    }
                }
                if (tried) {
                    return act("content differs (multipart objectETag " + etag + " does not match the local file)");
                }
                return compareSizeAndTime(local, remote, "; part size of multipart objectETag unknown");
            }
            return compareSizeAndTime(local, remote, "; objectETag is not an MD5");
        } catch (NoSuchFileException e) {
            return skip("local file disappeared while comparing");
        } catch (IOException e) { // a failure, as when its upload cannot read it: the sync is not complete
            return new Decision(SyncAction.FAIL, "cannot read the local file for its checksum: " + LocalWalker.describe(e)
                    + "; make it readable, or exclude it");
        }
    }

    private byte[] digest(LocalEntry local, Path file, long kind) throws IOException {
        long ctime = ctimeNanos(file);
        SyncStateStore.State st = store.get(local.relativePath());
        if (cacheHolds(st, local, ctime) && st.digestKind() == kind) {
            return cached(st);
        }
        byte[] d = ContentHasher.digest(file, kind);
        store.putDigest(local.relativePath(), local.sizeInBytes(), local.mtimeMillis(), ctime, kind, d);
        return d;
    }

    /**
     * The part size of the multipart digest cached for the file when it is still the file's (same size, mtime and
     * change time) and reproduces the ETag, else 0: a file checked before needs neither reading nor S3's part size.
     */
    private long cachedPartSizeMatching(LocalEntry local, Path file, String etag, long parts) throws IOException {
        SyncStateStore.State st = store.get(local.relativePath());
        if (!cacheHolds(st, local, ctimeNanos(file)) || st.digestKind() <= 0
                || partCount(local.sizeInBytes(), st.digestKind()) != parts) {
            return 0;
        }
        return (ContentHasher.hex(cached(st)) + "-" + parts).equals(etag) ? st.digestKind() : 0;
    }

    /** Whether the digest the state holds was made of the file as it is now. */
    private static boolean cacheHolds(SyncStateStore.State st, LocalEntry local, long ctime) {
        return st != null && st.matches(local.sizeInBytes(), local.mtimeMillis()) && ctime != 0
                && st.digestCtimeNanos() == ctime;
    }

    private static byte[] cached(SyncStateStore.State st) {
        return ByteBuffer.allocate(16).putLong(st.digestHi()).putLong(st.digestLo()).array();
    }

    /** The inode change time, which moves even when a writer restores the old mtime; 0 when unavailable. */
    private static long ctimeNanos(Path file) throws IOException {
        try {
            Object ctime = Files.getAttribute(file, "unix:ctime");
            return ctime instanceof FileTime t ? Math.max(1, t.to(TimeUnit.NANOSECONDS)) : 0;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    static long partCount(long size, long partSize) {
        return size == 0 ? 1 : (size + partSize - 1) / partSize;
    }

    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.isEmpty() ? null : e.toLowerCase(java.util.Locale.ROOT);
    }

    private Decision act(String reason) {
        return new Decision(transfer, reason);
    }

    private static Decision skip(String reason) {
        return new Decision(SyncAction.SKIP, reason);
    }

    private static Decision unchanged(String reason) {
        return new Decision(SyncAction.UNCHANGED, reason);
    }
}
