package io.icasdk.transfer.internal;

import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.internal.journal.Journal;
import io.icasdk.transfer.internal.journal.JournalEntry;
import io.icasdk.transfer.internal.journal.PartRecord;
import io.icasdk.transfer.internal.s3.LocalIoException;
import io.icasdk.transfer.internal.s3.ObjectInfo;
import io.icasdk.transfer.internal.s3.S3Errors;
import io.icasdk.transfer.internal.s3.S3Location;
import io.icasdk.transfer.internal.s3.S3Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one local file to one S3 object, resumably: small files in one PutObject, larger ones as a
 * multipart upload the engine owns (upload id journaled before the first part, parts journaled as S3
 * acknowledges them, reconciled with ListParts on resume, never aborted because of network or
 * credential trouble - only when the source changed, or when a job that succeeds gives up one of a file it did
 * not upload ({@link #abandon}); one that S3 no longer knows, expired or aborted, is started afresh, once per
 * run). Blocking; call it from a file worker. Reusable
 * by any job (upload, sync). Thread-safe.
 */
public final class FileUploader {
    private static final Logger log = LoggerFactory.getLogger(FileUploader.class);

    /** How the reason of an upload given up by {@link #abandon} begins. */
    public static final String ABANDONED = "An earlier run (interrupted, or failed at this file) had begun uploading it"
            + " and this run did not (it was deleted or moved, or this run's filters leave it out): ";

    private final TransferRuntime rt;

    public FileUploader(TransferRuntime rt) {
        this.rt = rt;
    }

    /**
     * One file to upload.
     *
     * @param localFile   the file
     * @param journalPath its key in the journal (relative path)
     * @param remotePath  its ICA path, for results
     * @param location    the object and the scope's credentials
     * @param dataId      the ICA file id created for it (file-scoped uploads), or null
     * @param journal     the job's journal
     * @param progress    the job's progress
     * @param cancel      the job's cancel switch
     */
    public record Task(Path localFile, String journalPath, String remotePath, S3Location location, String dataId,
                       Journal journal, ProgressTracker progress, Cancellation cancel) {}

    /**
     * How an upload ended, and the ETag S3 gave the object it wrote (null when the upload failed, or when this
     * run did not learn it: a file an interrupted run had finished). A sync remembers it, so that its next run
     * can tell the object it wrote from one that replaced it in ICA.
     */
    public record Uploaded(FileResult result, String objectETag) {
        /** A result without an ETag. */
        public static Uploaded without(FileResult result) {
            return new Uploaded(result, null);
        }
    }

    /**
     * Uploads the file.
     *
     * @return its result (FAILED with a reason rather than an exception)
     * @throws CancellationException when the job was cancelled
     */
    public Uploaded upload(Task t) {
        long start = System.nanoTime();
        Uploaded u = uploadTimed(t);
        log.debug("{}: {} in {} ms", t.remotePath(), u.result().outcome(), (System.nanoTime() - start) / 1_000_000);
        return u;
    }

    private Uploaded uploadTimed(Task t) {
        long size = 0;
        try {
            t.cancel().check();
            String fp;
            try {
                fp = Fingerprints.local(t.localFile());
                size = Long.parseLong(fp.substring(0, fp.indexOf(':')));
            } catch (NoSuchFileException e) {
                return Uploaded.without(failed(t, 0, "The local file disappeared before it was uploaded", false, 0));
            }
            JournalEntry entry = t.journal().entry(t.journalPath());
            if (entry != null && entry.done() && entry.matches(fp)) {
                t.progress().bytesResumed(size);
                return Uploaded.without(
                        new FileResult(t.remotePath(), t.localFile(), FileOutcome.SUCCESS, null, size, 0, true, false));
            }
            boolean restarted = entry != null && !entry.matches(fp);
            if (restarted) {
                log.info("{} changed since the interrupted run; uploading it afresh", t.localFile());
                if (entry.uploadId() != null) {
                    abortOrKeep(t, entry.uploadId());
                }
                t.journal().fileReset(t.journalPath());
                entry = null;
            }
            S3Store store = store(t);
            PartPlan plan = entry != null && entry.uploadId() != null && entry.partSize() > 0
                    ? PartPlan.of(size, entry.partSize()) : PartPlan.of(size, rt.settings().partSizeInBytes());
            if (plan.partCount() == 1 && (entry == null || entry.uploadId() == null)) {
                return single(t, store, fp, size, restarted);
            }
            try {
                return multipart(t, store, fp, size, plan, entry, restarted);
            } catch (UploadGone gone) { // expired or aborted since the journal named it: the parts went with it
                log.info("The multipart upload of {} is gone ({}); uploading it afresh", t.localFile(),
                        gone.getMessage());
                t.journal().fileReset(t.journalPath());
                return multipart(t, store, fp, size, PartPlan.of(size, rt.settings().partSizeInBytes()), null,
                        restarted);
            }
        } catch (UploadGone e) {
            t.journal().fileReset(t.journalPath()); // the next run starts afresh rather than meet it again
            return Uploaded.without(failed(t, size, "S3 lost the multipart upload this run had started (" + e.getMessage() + ")."
                    + " Run the same upload again", false, 0));
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted");
        } catch (RuntimeException | IOException e) {
            if (t.cancel().isCancelled() || S3Errors.classify(e, false) == S3Errors.Kind.CANCELLED) {
                throw new CancellationException("The transfer was cancelled");
            }
            return Uploaded.without(failed(t, size, reason(e), false, 0));
        }
    }

    private S3Store store(Task t) {
        return rt.store(t.location().credentials().current());
    }

    private Uploaded single(Task t, S3Store store, String fp, long size, boolean restarted)
            throws IOException, InterruptedException {
        t.journal().fileStarted(t.journalPath(), fp, t.dataId());
        int len = Math.toIntExact(size); // at most a part: 1 GiB
        int held = rt.requestPermits().acquire(len, t.cancel());
        byte[] buffer = rt.bodyBuffers().take(len); // at most a part: bounded by the request permits
        boolean sent = false;
        String etag;
        try {
            try (FileChannel ch = FileChannel.open(t.localFile(), StandardOpenOption.READ)) {
                if (!readFully(ch, buffer, len, 0)) {
                    return Uploaded.without(changed(t, size, restarted, "it became shorter while being read"));
                }
            }
            if (!fp.equals(Fingerprints.local(t.localFile()))) {
                return Uploaded.without(changed(t, size, restarted, "it was modified while being read"));
            }
            rt.bandwidth().acquire(len, t.cancel());
            String checksum = Checksums.of(store.checksumMode(), buffer, 0, len);
            CompletableFuture<String> put = store.putObject(t.location(), buffer, len, checksum, t.cancel());
            sent = true;
            put.whenComplete((written, err) -> {
                rt.requestPermits().release(held);
                if (err == null) { // after a failure or a cancel, a request might still read it: dropped
                    rt.bodyBuffers().give(buffer);
                }
            });
            etag = await(put);
        } finally {
            if (!sent) {
                rt.requestPermits().release(held);
                rt.bodyBuffers().give(buffer);
            }
        }
        t.progress().bytesTransferred(size);
        t.journal().fileDone(t.journalPath(), fp);
        return new Uploaded(
                new FileResult(t.remotePath(), t.localFile(), FileOutcome.SUCCESS, null, size, size, false, restarted),
                etag);
    }

    private Uploaded multipart(Task t, S3Store store, String fp, long size, PartPlan plan, JournalEntry entry,
                                 boolean restarted) throws IOException, InterruptedException {
        S3Location loc = t.location();
        Map<Integer, PartRecord> done = new TreeMap<>();
        String uploadId = null;
        boolean resumed = false;
        if (entry != null && entry.uploadId() != null) {
            List<PartRecord> listed;
            try {
                listed = await(store.listParts(loc, entry.uploadId(), t.cancel()));
            } catch (RuntimeException e) {
                if (S3Errors.classify(e, false) != S3Errors.Kind.NOT_FOUND) {
                    throw e;
                }
                listed = null;
            }
            if (listed == null) {
                // The upload is gone: it may have completed just before the interruption.
                if (completedEarlier(t, store, size, entry)) {
                    t.progress().bytesResumed(size);
                    t.journal().fileDone(t.journalPath(), fp);
                    return Uploaded.without(new FileResult(t.remotePath(), t.localFile(), FileOutcome.SUCCESS, null,
                            size, 0, true, restarted));
                }
                log.info("The multipart upload of {} is gone; uploading it afresh", t.localFile());
                t.journal().fileReset(t.journalPath());
            } else {
                uploadId = entry.uploadId();
                reconcile(t, plan, entry, listed, done);
                resumed = true;
            }
        }
        if (uploadId == null) {
            t.journal().fileStarted(t.journalPath(), fp, t.dataId());
            uploadId = await(store.createMultipartUpload(loc, t.cancel()));
            t.journal().multipartStarted(t.journalPath(), fp, uploadId, plan.partSize());
        }
        long resumedBytes = 0;
        for (PartRecord p : done.values()) {
            resumedBytes += p.length();
        }
        if (resumedBytes > 0) {
            t.progress().bytesResumed(resumedBytes);
            log.info("Resuming {} from {} of {} parts", t.localFile(), done.size(), plan.partCount());
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<CompletableFuture<PartRecord>> inFlight = new ArrayList<>();
        Map<Integer, PartRecord> sent = new ConcurrentHashMap<>();
        long sentBytes = 0;
        String id = uploadId;
        ByteBuffer scratch = rt.readBuffers().take();
        try (FileChannel ch = FileChannel.open(t.localFile(), StandardOpenOption.READ)) {
            for (int n = 1; n <= plan.partCount(); n++) {
                if (done.containsKey(n)) {
                    continue;
                }
                if (failure.get() != null || t.cancel().isCancelled()) {
                    break;
                }
                int len = Math.toIntExact(plan.length(n));
                int held = rt.requestPermits().acquire(len, t.cancel());
                CompletableFuture<PartRecord> f;
                try {
                    if (ch.size() < plan.offset(n) + len) {
                        throw new java.io.EOFException("the file is shorter than planned");
                    }
                    // The part is checksummed here and read again by the client as it is sent: S3 refuses
                    // it (BadDigest) should the bytes change in between. No part-sized buffer is held.
                    String checksum = Checksums.of(store.checksumMode(), ch, plan.offset(n), len, scratch);
                    rt.bandwidth().acquire(len, t.cancel());
                    f = store.uploadPart(loc, id, n, t.localFile(), plan.offset(n), len, checksum, t.cancel());
                } catch (java.io.EOFException e) {
                    rt.requestPermits().release(held);
                    failure.compareAndSet(null, new SourceChangedSignal("it became shorter while being read"));
                    break;
                } catch (IOException | RuntimeException | InterruptedException e) {
                    rt.requestPermits().release(held);
                    throw e;
                }
                inFlight.add(f.whenComplete((part, err) -> {
                    rt.requestPermits().release(held);
                    if (err != null) {
                        failure.compareAndSet(null, err);
                        return;
                    }
                    try {
                        t.journal().partDone(t.journalPath(), part);
                        sent.put(part.number(), part);
                        t.progress().bytesTransferred(part.length());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
        } finally {
            rt.readBuffers().give(scratch);
            awaitQuietly(inFlight);
        }
        for (PartRecord p : sent.values()) {
            sentBytes += p.length();
        }
        Throwable err = failure.get();
        if (err != null) {
            if (err instanceof SourceChangedSignal sc) {
                String notAborted = abortOrKeep(t, id);
                t.journal().fileReset(t.journalPath());
                return Uploaded.without(changed(t, size, restarted, sc.getMessage(), notAborted));
            }
            if (t.cancel().isCancelled() || S3Errors.classify(err, false) == S3Errors.Kind.CANCELLED) {
                throw new CancellationException("The transfer was cancelled");
            }
            if (!fp.equals(Fingerprints.local(t.localFile()))) {
                String notAborted = abortOrKeep(t, id);
                t.journal().fileReset(t.journalPath());
                return Uploaded.without(changed(t, size, restarted, "it was modified during the upload", notAborted));
            }
            if (S3Errors.classify(err, false) == S3Errors.Kind.NOT_FOUND) {
                t.progress().bytesRewound(sentBytes, resumedBytes); // the parts went with the upload
                throw new UploadGone("UploadPart: " + reason(err));
            }
            return Uploaded.without(failed(t, size, reason(err) + ". The parts sent so far are kept: run the same"
                    + " upload again to continue", resumed, sentBytes));
        }
        t.cancel().check();
        if (!fp.equals(Fingerprints.local(t.localFile()))) {
            String notAborted = abortOrKeep(t, id);
            t.journal().fileReset(t.journalPath());
            return Uploaded.without(changed(t, size, restarted, "it was modified during the upload", notAborted));
        }
        done.putAll(sent);
        List<PartRecord> parts = new ArrayList<>(done.values());
        String etag = null;
        try {
            etag = await(store.completeMultipartUpload(loc, id, parts, t.cancel()));
        } catch (RuntimeException e) {
            if (S3Errors.classify(e, false) != S3Errors.Kind.NOT_FOUND) {
                throw e;
            }
            if (!completedEarlier(t, store, size, t.journal().entry(t.journalPath()))) {
                t.progress().bytesRewound(sentBytes, resumedBytes);
                throw new UploadGone("CompleteMultipartUpload: " + reason(e));
            }
        }
        t.journal().fileDone(t.journalPath(), fp);
        return new Uploaded(new FileResult(t.remotePath(), t.localFile(), FileOutcome.SUCCESS, null, size, sentBytes,
                resumed && !done.isEmpty(), restarted), etag);
    }

    /** Keeps the parts S3 holds with the planned length; checksums come from the journal or the file. */
    private void reconcile(Task t, PartPlan plan, JournalEntry entry, List<PartRecord> listed,
                           Map<Integer, PartRecord> done) throws IOException {
        ByteBuffer scratch = rt.readBuffers().take();
        try (FileChannel ch = FileChannel.open(t.localFile(), StandardOpenOption.READ)) {
            for (PartRecord server : listed) {
                int n = server.number();
                if (n < 1 || n > plan.partCount() || server.length() != plan.length(n)) {
                    continue;
                }
                PartRecord journaled = entry.parts().get(n);
                String checksum = server.checksum();
                if (checksum == null && journaled != null
                        && Checksums.unquote(journaled.etag()).equals(Checksums.unquote(server.etag()))) {
                    checksum = journaled.checksum();
                }
                S3Store store = store(t);
                if (checksum == null && store.checksumMode() != io.icasdk.transfer.ChecksumMode.NONE) {
                    // Acknowledged by S3 but not journaled (interrupted in between): checksum the local part.
                    try {
                        checksum = Checksums.of(store.checksumMode(), ch, plan.offset(n), server.length(), scratch);
                    } catch (java.io.EOFException e) {
                        continue;
                    }
                }
                done.put(n, new PartRecord(n, server.length(), server.etag(), checksum));
            }
        } finally {
            rt.readBuffers().give(scratch);
        }
    }

    /** Whether the object already holds exactly the journaled parts (the upload completed before a crash). */
    private boolean completedEarlier(Task t, S3Store store, long size, JournalEntry entry) {
        if (entry == null || entry.parts().isEmpty()) {
            return false;
        }
        List<String> md5s = new ArrayList<>();
        for (PartRecord p : entry.parts().values()) {
            if (!Checksums.isPlainMd5(p.etag())) {
                return false;
            }
            md5s.add(Checksums.unquote(p.etag()));
        }
        PartPlan plan = PartPlan.of(size, entry.partSize());
        if (md5s.size() != plan.partCount()) {
            return false;
        }
        try {
            ObjectInfo info = await(store.head(t.location(), t.cancel()));
            return info.size() == size && Checksums.multipartEtag(md5s).equals(Checksums.unquote(info.etag()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Aborts a multipart upload given up because its source changed; one whose abort fails is journaled
     * ({@link Journal#abortDue}), whatever becomes of the file's progress, so that a later run aborts it
     * ({@link #abandon}) rather than S3 keeping its parts, unseen and billed. Returns why the abort failed, or null.
     */
    private String abortOrKeep(Task t, String uploadId) {
        String failure = abort(t.location(), uploadId);
        if (failure != null) {
            t.journal().abortDue(t.journalPath(), uploadId);
            log.warn("Could not abort the multipart upload of {} given up as the file changed ({}); S3 keeps its parts"
                    + " until a later run of this transfer aborts it, or a lifecycle rule removes them", t.localFile(),
                    failure);
        }
        return failure;
    }

    /** Aborts a multipart upload; returns why it failed, or null (also when S3 no longer holds it). */
    private String abort(S3Location location, String uploadId) {
        try {
            await(rt.store(location.credentials().current())
                    .abortMultipartUpload(location, uploadId, new Cancellation()));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return S3Errors.classify(e, false) == S3Errors.Kind.NOT_FOUND ? null : reason(e);
        }
    }

    /**
     * Gives up the uploads that an interrupted run of the job began and that this run did not finish (their files
     * deleted or moved since, or left out by this run's filters), as the job's journal is about to be deleted and
     * no later run could then finish them: aborts their multipart uploads, whose parts S3 would otherwise keep,
     * unseen and billed, until a lifecycle rule (if the bucket has one) removes them, and forgets the files. Up to
     * {@code maxRequestsInFlight} at once (each costs a round trip, and its scope's credentials): hundreds of them
     * would take minutes one after another. A file is forgotten once its upload is aborted or gone; one whose abort
     * failed (logged, not thrown) stays in the journal, which the job then keeps, so that a later run tries again.
     * The ICA file record that a file in the project root has (its data id journaled) is left as it is: the journal
     * does not say that the job created it ({@link CredentialScopes#rootFile} takes over one that exists), and
     * another upload may be writing over it by now. Called once every other file of the job is done, so none of
     * these uploads is still to be resumed. The multipart uploads that earlier runs gave up as their files changed
     * and could not abort ({@link Journal#abortsDue}) are aborted too, the same way (no result of their own).
     *
     * @param location the object of an entry's file and the credentials of its scope (only called for a multipart
     *                 upload, on a worker thread; for an abort due, with the file's entry, or one of its path alone
     *                 when the journal holds none); it may throw, when ICA cannot give them
     * @return why each file was not uploaded and what became of it, for its SKIPPED result, by journal path
     */
    public Map<String, String> abandon(Journal journal, List<JournalEntry> entries,
                                       java.util.function.Function<JournalEntry, S3Location> location) {
        Map<String, String> reasons = new ConcurrentHashMap<>();
        java.util.Queue<Runnable> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (JournalEntry entry : entries) {
            waiting.add(() -> reasons.put(entry.path(), abandon(journal, entry, () -> location.apply(entry))));
        }
        journal.abortsDue().forEach((path, ids) -> ids.forEach(id -> waiting.add(() -> abortDue(journal, path, id,
                location))));
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0, n = waiting.size(); i < Math.min(n, rt.settings().maxRequestsInFlight()); i++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (Runnable r; (r = waiting.poll()) != null; ) {
                    r.run();
                }
            }, rt.fileWorkers()));
        }
        awaitQuietly(workers);
        return new TreeMap<>(reasons);
    }

    /**
     * Aborts a multipart upload that an earlier run gave up as its file changed and could not abort
     * ({@link #abortOrKeep}); it stays journaled, for the next run, while the abort fails.
     */
    private void abortDue(Journal journal, String path, String uploadId,
                          java.util.function.Function<JournalEntry, S3Location> location) {
        JournalEntry entry = journal.entry(path);
        JournalEntry of = entry != null ? entry
                : new JournalEntry(path, null, false, null, 0, null, null, null, null, Map.of(), java.util.Set.of());
        String failure;
        try {
            failure = abort(location.apply(of), uploadId);
        } catch (RuntimeException e) {
            failure = reason(e);
        }
        if (failure == null) {
            journal.abortDone(path, uploadId);
        } else {
            log.warn("Could not abort the multipart upload of {} that an earlier run gave up as the file changed ({});"
                    + " S3 keeps its parts until a later run of this transfer aborts it, or a lifecycle rule removes"
                    + " them", path, failure);
        }
    }

    private String abandon(Journal journal, JournalEntry entry, java.util.function.Supplier<S3Location> location) {
        String failure = null;
        if (entry.uploadId() != null) {
            try {
                failure = abort(location.get(), entry.uploadId());
            } catch (RuntimeException e) {
                failure = reason(e);
            }
            if (failure != null) {
                log.warn("Could not abort the multipart upload of {} that an interrupted run began ({}); S3 keeps its"
                        + " parts until a later run of this job aborts it, or a lifecycle rule removes them",
                        entry.path(), failure);
            }
        }
        if (failure == null) {
            journal.fileReset(entry.path());
        }
        return ABANDONED + (entry.uploadId() == null ? "it had no multipart upload to discard"
                : failure == null ? "the parts it had sent were discarded (its multipart upload aborted)"
                : "the parts it had sent could not be discarded (" + failure + "); the next run of this transfer"
                + " tries again")
                + (entry.dataId() == null ? "" : ". Its ICA file is left as it is (PARTIAL, without content, unless"
                + " that run had finished sending it): delete it, or upload the file again to write over it");
    }

    private static boolean readFully(FileChannel ch, byte[] buffer, int len, long position) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buffer, 0, len);
        long pos = position;
        while (bb.hasRemaining()) {
            int n = ch.read(bb, pos);
            if (n < 0) {
                return false;
            }
            pos += n;
        }
        return true;
    }

    private FileResult changed(Task t, long size, boolean restarted, String how) {
        return changed(t, size, restarted, how, null);
    }

    /** @param notAborted why the parts sent could not be discarded (the abort failed), or null */
    private FileResult changed(Task t, long size, boolean restarted, String how, String notAborted) {
        String reason = new io.icasdk.transfer.SourceChangedException(t.localFile() + " changed while it was"
                + " uploaded (" + how + "); " + (notAborted == null ? "nothing partial was kept"
                : "the parts sent so far could not be discarded (" + notAborted + "): the next run of this transfer"
                + " tries again") + ". Upload it again once it is complete.").getMessage();
        return new FileResult(t.remotePath(), t.localFile(), FileOutcome.FAILED, reason, size, 0, false, restarted);
    }

    private static FileResult failed(Task t, long size, String reason, boolean resumed, long bytes) {
        return new FileResult(t.remotePath(), t.localFile(), FileOutcome.FAILED, reason, size, bytes, resumed, false);
    }

    static String reason(Throwable e) {
        Throwable x = S3Errors.unwrap(e);
        for (Throwable c : Causes.of(x)) {
            if (c instanceof LocalIoException) {
                x = c;
                break;
            }
        }
        if (x instanceof LocalIoException l) {
            return l.isDiskFull() ? "Not enough space on the local disk (" + l.getCause().getMessage() + "): free"
                    + " some space first" : l.getMessage();
        }
        if (x instanceof IOException io) {
            return "Local file: " + LocalPaths.problem(io);
        }
        if (x instanceof io.icasdk.core.IcaException ica) {
            return ica.getMessage();
        }
        return S3Errors.describe(x);
    }

    static <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new CompletionException(c);
        }
    }

    /** Waits for every future to end, however it ends (keeping the thread's interrupt). */
    static void awaitQuietly(List<? extends CompletableFuture<?>> futures) {
        boolean interrupted = false;
        for (CompletableFuture<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (Exception e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** S3 no longer knows the multipart upload (NoSuchUpload): a lifecycle rule or an abort removed it. */
    private static final class UploadGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UploadGone(String message) {
            super(message, null, false, false);
        }
    }

    /** The source changed (a short read): abort and report, never retry. */
    private static final class SourceChangedSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SourceChangedSignal(String message) {
            super(message, null, false, false);
        }
    }
}
