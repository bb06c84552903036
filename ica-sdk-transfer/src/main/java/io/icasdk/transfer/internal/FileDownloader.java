package io.icasdk.transfer.internal;

import io.icasdk.transfer.ChecksumMismatchException;
import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.PathTraversalException;
import io.icasdk.transfer.SourceChangedException;
import io.icasdk.transfer.internal.journal.Journal;
import io.icasdk.transfer.internal.journal.JournalEntry;
import io.icasdk.transfer.internal.journal.PartRecord;
import io.icasdk.transfer.internal.s3.Digest;
import io.icasdk.transfer.internal.s3.ObjectChecksum;
import io.icasdk.transfer.internal.s3.ObjectInfo;
import io.icasdk.transfer.internal.s3.RangeResult;
import io.icasdk.transfer.internal.s3.RangeSink;
import io.icasdk.transfer.internal.s3.S3Errors;
import io.icasdk.transfer.internal.s3.S3Location;
import io.icasdk.transfer.internal.s3.S3Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one S3 object to one local file, resumably: parallel ranged GETs pinned to the object's
 * ETag ({@code If-Match}) into a temporary file beside the target, each finished range journaled with
 * its digest and forced to disk in groups ({@link DurableRanges}; a resume checks the ranges not yet
 * recorded as forced against their digest); then size and (where computable) the ETag are verified,
 * the file is forced to disk (ranged downloads only: an fsync per small file would cost more than its
 * transfer), given the remote modification time, journaled as about to be put in place and renamed over the target in
 * one step. Partial data never appears under
 * the target's name. A copy whose bytes fail the check is discarded, journaled ranges included, and the file fetched
 * again from the start ({@link #REFETCHES}). Blocking; call it from a file worker. Reusable by any job. Thread-safe.
 */
public final class FileDownloader {
    private static final Logger log = LoggerFactory.getLogger(FileDownloader.class);
    private static final long MIB = 1024 * 1024;

    /**
     * How many times a file whose downloaded bytes fail their check is fetched again, from the start, before it
     * fails. A bit flipped on the way (a flaky proxy, NIC or memory) is a transient transfer error and one
     * refetch clears it; a copy that fails twice in a row points at something that will go on failing (an
     * object whose bytes no longer match the checksum S3 keeps, a proxy that rewrites every body), where each
     * further try would cost another download of the whole file for nothing. No range can be fetched again on
     * its own: neither a multipart ETag nor a composite or whole-object CRC tells what one range should hash to.
     */
    static final int REFETCHES = 1;

    /** Runs once a finished file is in place, before the journal says so: a seam for crash tests. */
    static volatile Runnable inPlace = () -> {};

    private final TransferRuntime rt;
    private final PageCachePrefill prefill = new PageCachePrefill();
    private final TargetFolders folders = new TargetFolders();

    public FileDownloader(TransferRuntime rt) {
        this.rt = rt;
    }

    /**
     * One file to download.
     *
     * @param journalPath   its key in the journal (relative path)
     * @param remotePath    its ICA path
     * @param root          the download's target folder (nothing is written outside it)
     * @param target        the local file to produce (inside {@code root})
     * @param size          its size as ICA lists it
     * @param etag          its ETag as ICA lists it, or null
     * @param timeModified  its modification time as ICA lists it, or null
     * @param location      the object and the scope's credentials
     * @param overwrite     what to do when the target exists
     * @param journal       the job's journal
     * @param progress      the job's progress
     * @param cancel        the job's cancel switch
     */
    public record Task(String journalPath, String remotePath, Path root, Path target, long size, String etag,
                       Instant timeModified, S3Location location, OverwritePolicy overwrite, Journal journal,
                       ProgressTracker progress, Cancellation cancel) {}

    /**
     * Downloads the file.
     *
     * @return its result (FAILED with a reason rather than an exception)
     * @throws CancellationException when the job was cancelled
     */
    public FileResult download(Task t) {
        long start = System.nanoTime();
        try {
            t.cancel().check();
            FileResult r = run(t);
            log.debug("{}: {} in {} ms", t.remotePath(), r.outcome(), (System.nanoTime() - start) / 1_000_000);
            return r;
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted");
        } catch (PathTraversalException e) {
            return failed(t, e.getMessage(), false, 0);
        } catch (RuntimeException | IOException e) {
            if (t.cancel().isCancelled() || S3Errors.classify(e, false) == S3Errors.Kind.CANCELLED) {
                throw new CancellationException("The transfer was cancelled");
            }
            return failed(t, FileUploader.reason(e) + ". Run the same download again to continue", false, 0);
        }
    }

    private FileResult run(Task t) throws IOException, InterruptedException {
        String fp = Fingerprints.remote(t.size(), t.etag(), t.timeModified());
        JournalEntry entry = t.journal().entry(t.journalPath());
        Path target = t.target();
        if (entry != null && entry.done() && entry.matches(fp)) {
            if (asDownloaded(target, t.size(), t.timeModified())) {
                t.progress().bytesResumed(t.size());
                return new FileResult(t.remotePath(), target, FileOutcome.SUCCESS, null, t.size(), 0, true, false);
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) { // edited or replaced since: no longer the job's
                t.journal().fileReset(t.journalPath());
                entry = null;
            }
        }
        if (entry != null && !entry.done() && entry.matches(fp) && entry.placement() != null
                && placedHere(target, entry.placement())) {
            // Killed once the file was in place, before the journal said so: it is the job's own, finished.
            deleteTemp(t, entry); // a kill between the link and the unlink leaves the temporary name too
            t.journal().fileDone(t.journalPath(), fp);
            t.progress().bytesResumed(t.size());
            return new FileResult(t.remotePath(), target, FileOutcome.SUCCESS, null, t.size(), 0, true, false);
        }
        boolean restarted = entry != null && !entry.matches(fp);
        if (restarted) {
            log.info("{} changed in ICA since the interrupted run; downloading it afresh", t.remotePath());
            deleteTemp(t, entry);
            t.journal().fileReset(t.journalPath());
            entry = null;
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return failed(t, target + " is a folder; a file cannot replace it", restarted, 0);
        }
        boolean ours = entry != null;
        if (ours && t.overwrite() != OverwritePolicy.OVERWRITE && Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && entry.tempFileName() != null && Files.exists(target.resolveSibling(entry.tempFileName()))) {
            // The interrupted run had not put this file in place, yet a file is there now: not the job's own.
            deleteTemp(t, entry);
            t.journal().fileReset(t.journalPath());
            ours = false;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !ours) {
            switch (t.overwrite()) {
                case FAIL:
                    return failed(t, target + " already exists and was left untouched. " + JobErrors.EXISTS_HINT,
                            restarted, 0);
                case SKIP_EXISTING:
                    return new FileResult(t.remotePath(), target, FileOutcome.SKIPPED, FileResult.LOCAL_FILE_EXISTS,
                            t.size(), 0, false, false);
                default:
                    break;
            }
        }
        folders.prepare(t.root(), target);
        S3Store store = rt.store(t.location().credentials().current());
        long partSize = rt.settings().partSizeInBytes();
        long discarded = 0;
        for (int refetch = 0; ; refetch++) {
            try {
                FileResult r = t.size() <= partSize && (entry == null || entry.etag() == null)
                        ? single(t, store, fp, restarted)
                        : ranged(t, store, fp, entry, restarted);
                return discarded == 0 ? r : new FileResult(r.remotePath(), r.localPath(), r.outcome(), r.reason(),
                        r.sizeInBytes(), r.bytesTransferred() + discarded, r.resumed(),
                        r.restartedBecauseSourceChanged());
            } catch (CopyDamaged d) { // discarded already, journaled ranges included: nothing unverified is kept
                discarded += d.moved;
                t.progress().bytesRewound(d.counted, d.resumed);
                t.progress().bytesDiscarded(d.moved);
                if (refetch == REFETCHES) {
                    return failed(t, mismatch(t), restarted, discarded);
                }
                log.warn("The bytes downloaded for {} do not match its checksum in S3 (damaged on the way); the copy"
                        + " was discarded and the file is fetched again from the start (refetch {} of {})",
                        t.remotePath(), refetch + 1, REFETCHES);
                entry = null;
            }
        }
    }

    /**
     * A copy whose bytes failed their check, already deleted with its journal record.
     *
     * @param moved   bytes this run fetched for it
     * @param counted of them, those counted as progress
     * @param resumed bytes of it an earlier run had fetched, counted as resumed
     */
    private static final class CopyDamaged extends Exception {
        private static final long serialVersionUID = 1L;
        final transient long moved;
        final transient long counted;
        final transient long resumed;

        CopyDamaged(long moved, long counted, long resumed) {
            super(null, null, false, false);
            this.moved = moved;
            this.counted = counted;
            this.resumed = resumed;
        }
    }

    private FileResult single(Task t, S3Store store, String fp, boolean restarted)
            throws IOException, InterruptedException, CopyDamaged {
        Path temp = tempFile(t);
        t.journal().fileStarted(t.journalPath(), fp, null);
        boolean verify = verifying(t);
        Digest digest = !verify ? Digest.NONE : etagIsMd5(t) ? Digest.RESPONSE_CRC_OR_MD5 : Digest.RESPONSE_CRC;
        RangeResult r;
        int held = rt.requestPermits().acquire(t.size(), t.cancel());
        try {
            rt.bandwidth().acquire(t.size(), t.cancel());
            r = singleGet(t, store, temp, digest);
            if (r.bytes() != t.size()) {
                Files.deleteIfExists(temp);
                t.journal().fileReset(t.journalPath());
                return failed(t, new ChecksumMismatchException("S3 holds " + r.bytes() + " bytes for "
                        + t.remotePath() + " but ICA lists " + t.size() + "; nothing was kept. Try again once the"
                        + " file is AVAILABLE").getMessage(), restarted, 0);
            }
            if (verify && !singleMatches(r)) {
                Files.deleteIfExists(temp);
                t.journal().fileReset(t.journalPath());
                throw new CopyDamaged(r.bytes(), 0, 0); // counted as progress only once verified
            }
            // No fsync for small files (about 4 ms each: 40 s per 10,000 files). The rename below is
            // atomic; after a power loss a truncated file fails the size check of the next run.
        } finally {
            rt.requestPermits().release(held);
        }
        t.progress().bytesTransferred(t.size());
        FileResult kept = finish(t, temp, fp, restarted, false);
        return kept != null ? kept : new FileResult(t.remotePath(), t.target(), FileOutcome.SUCCESS, null, t.size(),
                t.size(), false, restarted);
    }

    /**
     * The whole object in one GET into the temporary file. A GET that fails leaves no temporary file: the
     * next run starts a single GET over, so its first bytes are of no use to it (on a full disk they would
     * only go on holding the space).
     */
    private RangeResult singleGet(Task t, S3Store store, Path temp, Digest digest)
            throws IOException, InterruptedException {
        try {
            if (nativeWrites(store) && t.size() > PageCachePrefill.CHUNK && prefill.wanted(t.root())) {
                return prefilledGet(t, store, temp, digest);
            }
            if (nativeWrites(store)) {
                return FileUploader.await(store.getToFile(t.location(), 0, -1, null, temp, digest, t.cancel()));
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                RangeSink sink = rt.settings().sinks().open(temp, ch);
                return FileUploader.await(store.get(t.location(), 0, -1, null, sink, digest, t.cancel()));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException notDeleted) {
                e.addSuppressed(notDeleted);
            }
            throw e;
        }
    }

    /** The whole object written by the CRT over a temporary file of its size filled with zeros first. */
    private static RangeResult prefilledGet(Task t, S3Store store, Path temp, Digest digest)
            throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            PageCachePrefill.zeros(ch, temp, 0, t.size());
        }
        return FileUploader.await(store.getIntoFile(t.location(), temp, digest, t.cancel()));
    }

    private FileResult ranged(Task t, S3Store store, String fp, JournalEntry entry, boolean restarted)
            throws IOException, InterruptedException, CopyDamaged {
        Path temp;
        String etag;
        long rangeSize;
        Map<Integer, PartRecord> done = new TreeMap<>();
        boolean resumed = false;
        boolean verify = verifying(t);
        ObjectChecksum checksum = null;
        if (entry != null && entry.etag() != null && entry.tempFileName() != null
                && Files.isRegularFile(temp = t.target().resolveSibling(entry.tempFileName()), LinkOption.NOFOLLOW_LINKS)
                && Files.size(temp) == t.size()) {
            etag = entry.etag();
            rangeSize = entry.partSize();
            done.putAll(entry.parts());
            resumed = !done.isEmpty();
            if (verify) { // the checksum S3 keeps is not journaled: ask again (the ranges pin the ETag)
                ObjectInfo info = FileUploader.await(store.head(t.location(), t.cancel()));
                checksum = Checksums.unquote(etag).equals(Checksums.unquote(info.etag())) ? info.checksum() : null;
            }
        } else {
            ObjectInfo info = FileUploader.await(store.head(t.location(), t.cancel()));
            if (info.size() != t.size()) {
                return failed(t, new SourceChangedException(t.remotePath() + " holds " + info.size()
                        + " bytes in S3 but ICA lists " + t.size() + "; it is changing. Download it again later")
                        .getMessage(), restarted, 0);
            }
            etag = Checksums.quote(info.etag());
            checksum = info.checksum();
            long firstPart = verify && needsPartSize(etagIsMd5(t) ? etag : null, checksum) ? FileUploader.await(
                    store.firstPartSize(t.location())) : -1;
            rangeSize = rangeSizeFor(t.size(), etag, checksum, firstPart, rt.settings().partSizeInBytes());
            temp = tempFile(t);
            // Journaled (and forced) before the file is made: the new start drops the ranges an earlier run
            // journaled, so a kill during the truncation cannot leave them trusted over zeros.
            t.journal().fileStarted(t.journalPath(), fp, null);
            t.journal().downloadStarted(t.journalPath(), fp, etag, rangeSize, temp.getFileName().toString());
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (t.size() > 0) {
                    ch.write(java.nio.ByteBuffer.wrap(new byte[1]), t.size() - 1); // sparse, full length
                }
            }
        }
        PartPlan plan = PartPlan.of(t.size(), rangeSize);
        if (resumed && !entry.unforcedParts().isEmpty()) {
            keepRangesStillOnDisk(t, temp, plan, done, entry.unforcedParts());
            resumed = !done.isEmpty();
        }
        long resumedBytes = 0;
        for (PartRecord p : done.values()) {
            resumedBytes += p.length();
        }
        if (resumedBytes > 0) {
            t.progress().bytesResumed(resumedBytes);
            log.info("Resuming {} from {} of {} ranges", t.remotePath(), done.size(), plan.partCount());
        }
        String md5Etag = etagIsMd5(t) ? etag : null;
        Digest digest = verify ? rangeDigest(checksum, md5Etag, plan) : Digest.NONE;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Map<Integer, PartRecord> fetched = new ConcurrentHashMap<>();
        List<CompletableFuture<RangeResult>> inFlight = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            DurableRanges durable = new DurableRanges(ch, t.journal(), t.journalPath(),
                    DurableRanges.GROUP * plan.partSize());
            boolean nativeWrites = nativeWrites(store);
            boolean prefilled = nativeWrites && prefill.wanted(t.root());
            RangeSink sink = nativeWrites ? null : rt.settings().sinks().open(temp, ch);
            try {
                for (int i = 0; i < plan.partCount(); i++) {
                    if (done.containsKey(i)) {
                        continue;
                    }
                    if (failure.get() != null || t.cancel().isCancelled()) {
                        break;
                    }
                    int index = i;
                    long offset = plan.offset(i + 1);
                    long len = plan.length(i + 1);
                    int held = rt.requestPermits().acquire(len, t.cancel());
                    CompletableFuture<RangeResult> f;
                    try {
                        rt.bandwidth().acquire(len, t.cancel());
                        if (prefilled) {
                            PageCachePrefill.zeros(ch, temp, offset, len);
                        }
                        f = nativeWrites
                                ? store.getToFile(t.location(), offset, offset + len - 1, etag, temp, digest,
                                        t.cancel())
                                : store.get(t.location(), offset, offset + len - 1, etag, sink, digest, t.cancel());
                    } catch (RuntimeException | InterruptedException e) {
                        rt.requestPermits().release(held);
                        throw e;
                    }
                    inFlight.add(f.whenComplete((r, err) -> {
                        rt.requestPermits().release(held);
                        if (err != null) {
                            failure.compareAndSet(null, err);
                            return;
                        }
                        try {
                            PartRecord p = new PartRecord(index, len, null, tagged(r.digestKind(), r.digest()));
                            fetched.put(index, p);
                            t.progress().bytesTransferred(len);
                            durable.add(p);
                        } catch (IOException | RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
            } finally {
                for (CompletableFuture<RangeResult> f : inFlight) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException | CancellationException e) {
                        // recorded in failure
                    }
                }
                try {
                    durable.flush();
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            }
            long fetchedBytes = 0;
            for (PartRecord p : fetched.values()) {
                fetchedBytes += p.length();
            }
            Throwable err = failure.get();
            if (err != null) {
                S3Errors.Kind kind = S3Errors.classify(err, false);
                if (t.cancel().isCancelled() || kind == S3Errors.Kind.CANCELLED) {
                    throw new CancellationException("The transfer was cancelled");
                }
                if (kind == S3Errors.Kind.PRECONDITION_FAILED) {
                    ch.close();
                    Files.deleteIfExists(temp);
                    t.journal().fileReset(t.journalPath());
                    return failed(t, new SourceChangedException(t.remotePath() + " changed in ICA while it was"
                            + " downloaded; the partial copy was discarded. Download it again").getMessage(),
                            restarted, fetchedBytes);
                }
                return failed(t, FileUploader.reason(err) + ". The ranges fetched so far are kept: run the same"
                        + " download again to continue", restarted, fetchedBytes);
            }
            t.cancel().check();
            done.putAll(fetched);
            if (verify && !rangesMatch(ch, digest, md5Etag, checksum, plan, done, rt.readBuffers())) {
                ch.close();
                Files.deleteIfExists(temp);
                t.journal().fileReset(t.journalPath()); // the ranges resumed may be the damaged ones: none is kept
                throw new CopyDamaged(fetchedBytes, fetchedBytes, resumedBytes);
            }
            ch.force(true);
            FileResult kept = finish(t, temp, fp, restarted, true);
            return kept != null ? kept : new FileResult(t.remotePath(), t.target(), FileOutcome.SUCCESS, null,
                    t.size(), fetchedBytes, resumed, restarted);
        }
    }

    /**
     * Drops from {@code done} the ranges journaled before they were forced to disk whose bytes no longer
     * match their digest (what a power loss leaves of them), so that they are fetched again. After a killed
     * process they all match: the page cache kept them.
     */
    private void keepRangesStillOnDisk(Task t, Path temp, PartPlan plan, Map<Integer, PartRecord> done,
                                       Set<Integer> unforced) throws IOException {
        ByteBuffer scratch = rt.readBuffers().take();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ)) {
            for (int n : unforced) {
                PartRecord p = done.get(n);
                if (p != null && !onDisk(ch, p, plan, scratch)) {
                    done.remove(n);
                    log.info("{}: range {} had not reached the disk when the last run stopped; fetching it again",
                            t.remotePath(), n);
                }
            }
        } finally {
            rt.readBuffers().give(scratch);
        }
    }

    /** Whether a journaled range's bytes in the file still match the digest journaled with it. */
    private static boolean onDisk(FileChannel file, PartRecord range, PartPlan plan, ByteBuffer scratch)
            throws IOException {
        String journaled = range.checksum();
        if (journaled == null || range.number() >= plan.partCount()
                || range.length() != plan.length(range.number() + 1)) {
            return false;
        }
        int colon = journaled.indexOf(':');
        Digest kind;
        try {
            kind = colon < 0 ? Digest.MD5 : Digest.valueOf(journaled.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        String expected = untagged(kind, journaled);
        return expected != null && expected.equals(Checksums.of(Checksums.Accumulator.of(kind), file,
                plan.offset(range.number() + 1), range.length(), scratch));
    }

    /**
     * Puts the finished temporary file in place ({@link PartialFiles#putInPlace}). Under FAIL and SKIP_EXISTING a
     * file that appeared at the target while this one downloaded is left untouched and the download dropped.
     * The file gets its modification time first and is journaled as it is about to be put in place
     * ({@link Journal#downloadPlacing}), so that a rerun after a kill between that step and the journal's done
     * record knows it from a file someone else put there ({@link #placedHere}).
     *
     * @param forced whether the file was forced to disk (its journal record then is too)
     * @return null when the file is in place, else the result of the file left there
     */
    private FileResult finish(Task t, Path temp, String fp, boolean restarted, boolean forced) throws IOException {
        Path target = t.target();
        try {
            folders.checkBeforeMove(t.root(), target);
        } catch (PathTraversalException e) {
            drop(t, temp);
            throw e;
        }
        if (t.timeModified() != null) { // kept by the rename (or link) below: never in place without it
            Files.setLastModifiedTime(temp, FileTime.from(t.timeModified()));
        }
        BasicFileAttributes a = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        t.journal().downloadPlacing(t.journalPath(), fp, target.getFileName().toString(), a.size(),
                a.lastModifiedTime().toInstant().toString(), fileKey(a), forced);
        if (!PartialFiles.putInPlace(temp, target, t.overwrite())) {
            drop(t, temp);
            return t.overwrite() == OverwritePolicy.SKIP_EXISTING
                    ? new FileResult(t.remotePath(), target, FileOutcome.SKIPPED, FileResult.LOCAL_FILE_EXISTS, t.size(),
                            0, false, false)
                    : failed(t, target + " appeared while the file downloaded and was left untouched; the download"
                            + " was dropped. " + JobErrors.EXISTS_HINT, restarted, 0);
        }
        inPlace.run();
        t.journal().fileDone(t.journalPath(), fp);
        return null;
    }

    /**
     * Whether {@code target} is the very file an interrupted run journaled as about to be put there: the same
     * name, size and modification time, and (where the file system tells) the same file (device and inode, which
     * a rename or link keeps). A file someone else wrote there is another file, even with the same bytes and times.
     */
    static boolean placedHere(Path target, JournalEntry.Placement p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        String key = fileKey(a);
        return a.isRegularFile() && target.getFileName().toString().equals(p.targetName()) && a.size() == p.size()
                && a.lastModifiedTime().toInstant().toString().equals(p.modified())
                && (p.fileKey() == null ? key == null : p.fileKey().equals(key));
    }

    /** What identifies a file on its file system (device and inode on Unix), or null where nothing does. */
    private static String fileKey(BasicFileAttributes a) {
        return a.fileKey() == null ? null : a.fileKey().toString();
    }

    /**
     * Whether the file that a finished download put at {@code target} is still as the download left it: a regular
     * file of its size with the modification time it was given (ICA's, when listed; within two seconds, the
     * coarsest that a file system keeps, FAT's). One edited or replaced since, even at the same size, is not the
     * job's own any more: the overwrite policy decides about it.
     */
    static boolean asDownloaded(Path target, long size, Instant timeModified) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        return a.isRegularFile() && a.size() == size && (timeModified == null
                || Math.abs(a.lastModifiedTime().toMillis() - timeModified.toEpochMilli()) < 2_000);
    }

    /**
     * Forgets an unfinished download of {@code target} that the job will not finish (its file is no longer in
     * ICA): deletes the temporary file an interrupted run left (a killed single GET's, or the ranges a cancel
     * kept), which nothing else would ever remove, and its journal record. The temporary file is found whatever
     * the normalization form that spells its name and its folders below {@code root} ({@link PartialFiles#existing}):
     * a sync writes beside the local file, whose name may be spelled otherwise than the journal's (ICA's).
     */
    public static void forget(Journal journal, JournalEntry entry, Path root, Path target) {
        deleteTemps(root, target, journal.keyId() + "/" + entry.path(), entry); // see tempFile
        journal.fileReset(entry.path());
    }

    /**
     * Forgets every download the journal still holds unfinished, as the job's journal is about to be deleted (no
     * run could finish them then): files that a rerun's filters left out, that it did not list, or whose source is
     * gone. Their temporary files would otherwise stay for good. A folder job's files lie below {@code target}, a
     * one-file job's beside it. Returns how many were forgotten.
     */
    public static int forgetAllUnfinished(Journal journal, Path target) {
        int forgotten = 0;
        boolean folder = Files.isDirectory(target);
        for (JournalEntry entry : journal.unfinished().values()) {
            if (!folder) {
                forget(journal, entry, target.getParent(), target);
                forgotten++;
            } else if (forgetBelow(journal, entry, target) != null) {
                forgotten++;
            }
        }
        return forgotten;
    }

    /**
     * {@link #forget} for a file below {@code root}; returns its local path, or null when its name was refused
     * (never written: only its record goes).
     */
    public static Path forgetBelow(Journal journal, JournalEntry entry, Path root) {
        try {
            Path local = PathSafety.resolveInside(root, entry.path());
            forget(journal, entry, root, local);
            return local;
        } catch (PathTraversalException refused) {
            journal.fileReset(entry.path());
            return null;
        }
    }

    /** Deletes a finished file's temporary file and forgets it: nothing of it stays. */
    private static void drop(Task t, Path temp) throws IOException {
        Files.deleteIfExists(temp);
        t.journal().fileReset(t.journalPath());
    }

    /**
     * Whether the S3 client writes the bytes into the file itself (the CRT, by default). Not with a test
     * sink in place, which must see every write.
     */
    private boolean nativeWrites(S3Store store) {
        return store.writesFiles() && rt.settings().sinks() == SinkFactory.DIRECT;
    }

    private boolean verifying(Task t) {
        return rt.settings().checksumMode() != ChecksumMode.NONE;
    }

    /**
     * Whether the object's ETag is made of MD5s of its bytes: not under SSE-KMS, where only S3's CRCs (if it
     * keeps any) can check a download.
     */
    private static boolean etagIsMd5(Task t) {
        return !t.location().credentials().current().usesKms();
    }

    /**
     * What each range is hashed with as it arrives ({@code etag}: null when it is not made of MD5s): the CRC
     * of S3's own checksum when the ranges can be checked against it (any ranges for a whole-object CRC,
     * whose ranges' CRCs combine; the object's parts for a composite one: a few ms per GiB), else MD5 when
     * the ranges line up with the ETag (each range one part of the multipart upload, or the only range of a
     * plain-MD5 object: about 1.5 s of CPU per GiB), else nothing: a plain MD5 over several ranges is
     * checked by one pass over the finished file, and other ETag forms are not computable.
     */
    static Digest rangeDigest(ObjectChecksum checksum, String etag, PartPlan plan) {
        if (checksum != null && checksum.checkable(plan.partCount())) {
            return checksum.digest();
        }
        int parts = Checksums.multipartCount(etag);
        boolean md5s = parts > 0 ? parts == plan.partCount() : Checksums.isPlainMd5(etag) && plan.partCount() == 1;
        return md5s ? Digest.MD5 : Digest.NONE;
    }

    /** Whether a whole-object GET's bytes match the object's CRC or ETag (forms not computable pass). */
    private static boolean singleMatches(RangeResult r) {
        ObjectChecksum c = r.checksum();
        if (c != null && r.digestKind() == c.digest() && c.checkable(1)) {
            return c.matches(List.of(r.digest()), List.of(r.bytes()));
        }
        return r.digestKind() != Digest.MD5 || etagMatches(r.etag(), List.of(r.digest()));
    }

    /**
     * Whether the MD5s of the object's consecutive pieces match its ETag: a plain MD5 (one piece) or a
     * multipart ETag (one piece per part). Other forms, and pieces that do not line up, are not computable
     * and pass (only the size was checked).
     */
    private static boolean etagMatches(String etag, List<String> pieceMd5s) {
        if (Checksums.isPlainMd5(etag)) {
            return pieceMd5s.size() == 1 && pieceMd5s.get(0).equals(Checksums.unquote(etag));
        }
        return Checksums.multipartCount(etag) != pieceMd5s.size()
                || Checksums.multipartEtag(pieceMd5s).equals(Checksums.unquote(etag));
    }

    /**
     * Whether the finished file matches S3's CRC of the object, else its ETag where computable, as
     * {@link #rangeDigest} chose (other ETag forms pass: only the size was checked). Ranges whose digest
     * was not journaled (an earlier version's journal, or another digest) are hashed again from the file.
     */
    private static boolean rangesMatch(FileChannel file, Digest digest, String etag, ObjectChecksum checksum,
                                       PartPlan plan, Map<Integer, PartRecord> ranges, ReadBuffers buffers)
            throws IOException {
        ByteBuffer scratch = buffers.take();
        try {
            if (digest == Digest.NONE) {
                return !Checksums.isPlainMd5(etag) || etagMatches(etag, List.of(Checksums.of(
                        Checksums.Accumulator.of(Digest.MD5), file, 0, plan.objectSize(), scratch)));
            }
            List<String> digests = new ArrayList<>();
            List<Long> lengths = new ArrayList<>();
            for (int i = 0; i < plan.partCount(); i++) {
                PartRecord r = ranges.get(i);
                String d = r == null ? null : untagged(digest, r.checksum());
                if (d == null) {
                    d = Checksums.of(Checksums.Accumulator.of(digest), file, plan.offset(i + 1), plan.length(i + 1),
                            scratch);
                }
                digests.add(d);
                lengths.add(plan.length(i + 1));
            }
            return digest == Digest.MD5 ? etagMatches(etag, digests) : checksum.matches(digests, lengths);
        } finally {
            buffers.give(scratch);
        }
    }

    /** A range's digest as journaled: MD5 in hex as it is (as journals always held it), CRCs tagged. */
    static String tagged(Digest kind, String digest) {
        if (digest == null || kind == Digest.MD5) {
            return digest;
        }
        return kind.name().toLowerCase(Locale.ROOT) + ":" + digest;
    }

    /** The digest of this kind in a journaled value, or null when it holds another kind (or none). */
    static String untagged(Digest kind, String journaled) {
        if (journaled == null) {
            return null;
        }
        if (kind == Digest.MD5) {
            return journaled.indexOf(':') < 0 ? journaled : null;
        }
        String tag = kind.name().toLowerCase(Locale.ROOT) + ":";
        return journaled.startsWith(tag) ? journaled.substring(tag.length()) : null;
    }

    /** Whether the ranges must line up with the object's parts to check it (a multipart ETag or composite CRC). */
    static boolean needsPartSize(String etag, ObjectChecksum checksum) {
        return (checksum == null || checksum.parts() > 0) && uploadParts(etag, checksum) > 1;
    }

    /** The number of parts the object was uploaded in, as its ETag or a composite CRC tells; 0 when neither does. */
    private static int uploadParts(String etag, ObjectChecksum checksum) {
        int parts = Checksums.multipartCount(etag);
        return parts == 0 && checksum != null ? checksum.parts() : parts;
    }

    /**
     * The range size: the configured part size when S3 keeps a whole-object CRC (any ranges check it),
     * else the multipart upload's own part size (so each range's hash is a part's and the ETag or composite
     * CRC can be checked): the size S3 gave for the first part when it agrees with the part count, else
     * the size the part count suggests, else the configured part size.
     *
     * @param firstPartSize what S3 answered for the first part, or -1
     */
    static long rangeSizeFor(long size, String etag, ObjectChecksum checksum, long firstPartSize, long preferred) {
        if (checksum != null && checksum.parts() == 0) {
            return PartPlan.of(size, preferred).partSize();
        }
        int parts = uploadParts(etag, checksum);
        if (parts > 1 && firstPartSize > 0 && PartPlan.ceilDiv(size, firstPartSize) == parts) {
            return firstPartSize;
        }
        if (parts <= 1 || size == 0) {
            return parts == 1 && size <= 1024 * MIB ? Math.max(size, 1) : PartPlan.of(size, preferred).partSize();
        }
        long lo = PartPlan.ceilDiv(size, parts);
        long hi = (size - 1) / (parts - 1);
        long[] candidates = {PartPlan.of(size, preferred).partSize(), preferred, 8 * MIB, 5 * MIB, 16 * MIB,
                32 * MIB, 64 * MIB, 100 * MIB, 128 * MIB, 256 * MIB, 512 * MIB};
        for (long c : candidates) {
            if (c >= lo && c <= hi) {
                return c;
            }
        }
        long firstMib = PartPlan.ceilDiv(lo, MIB) * MIB;
        if (firstMib <= hi && firstMib + MIB > hi) {
            return firstMib;
        }
        return PartPlan.of(size, preferred).partSize();
    }

    private Path tempFile(Task t) {
        return PartialFiles.beside(t.target(), t.journal().keyId() + "/" + t.journalPath());
    }

    /** Deletes the temporary files an earlier run of this file left (see forget). */
    private static void deleteTemp(Task t, JournalEntry entry) {
        deleteTemps(t.root(), t.target(), t.journal().keyId() + "/" + t.journalPath(), entry);
    }

    private static void deleteTemps(Path root, Path target, String key, JournalEntry entry) {
        for (Path temp : PartialFiles.existing(root, target, key, entry.tempFileName())) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                log.warn("Cannot delete {}, an unfinished download's temporary file: {}", temp, e.toString());
            }
        }
    }

    private static String mismatch(Task t) {
        return new ChecksumMismatchException("The bytes downloaded for " + t.remotePath() + " do not match its"
                + " checksum in S3; the copy was discarded. Download it again").getMessage();
    }

    private static FileResult failed(Task t, String reason, boolean restarted, long bytes) {
        return new FileResult(t.remotePath(), t.target(), FileOutcome.FAILED, reason, t.size(), bytes, false,
                restarted);
    }
}
