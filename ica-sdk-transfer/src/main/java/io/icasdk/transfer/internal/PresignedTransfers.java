package io.icasdk.transfer.internal;

import io.icasdk.core.CreateFileRequest;
import io.icasdk.core.IcaConflictException;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.FileWithUploadUrl;
import io.icasdk.core.model.ProjectData;
import io.icasdk.transfer.ChecksumMismatchException;
import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.TransferException;
import io.icasdk.transfer.internal.journal.Journal;
import io.icasdk.transfer.internal.journal.JournalEntry;
import io.icasdk.transfer.internal.s3.LocalIoException;
import io.icasdk.transfer.internal.s3.RangeSink;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves single files through ICA's presigned URLs instead of temporary S3 credentials: uploads with
 * {@code createFileWithUploadUrl} + one PUT (files up to 5 GiB), downloads with a GET of a URL minted
 * in batches by {@code createDownloadUrls}. Whole-file granularity: a finished file is never sent
 * again, an interrupted one starts over; a downloaded copy that fails its MD5 check is discarded and
 * fetched again, as {@link FileDownloader#REFETCHES} says. URLs and their query strings are never logged.
 * Blocking; call from a file worker. Thread-safe.
 */
public final class PresignedTransfers {
    private static final Logger log = LoggerFactory.getLogger(PresignedTransfers.class);
    private static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    private static final int ATTEMPTS = 6;

    private final TransferRuntime rt;
    private final HttpClient http;
    private final TargetFolders folders = new TargetFolders();

    public PresignedTransfers(TransferRuntime rt) {
        this.rt = rt;
        this.http = rt.http();
    }

    /**
     * One file to upload.
     *
     * @param localFile   the file
     * @param journalPath its key in the journal
     * @param remotePath  its ICA path ({@code /a/b/x.txt})
     */
    public record Upload(Path localFile, String journalPath, String remotePath, ProjectDataClient data,
                         OverwritePolicy overwrite, Journal journal, ProgressTracker progress, Cancellation cancel) {}

    /** Uploads one file through a presigned URL. */
    public FileResult upload(Upload t) {
        long size = 0;
        try {
            t.cancel().check();
            String fp = Fingerprints.local(t.localFile());
            size = Long.parseLong(fp.substring(0, fp.indexOf(':')));
            JournalEntry entry = t.journal().entry(t.journalPath());
            if (entry != null && entry.done() && entry.matches(fp)) {
                t.progress().bytesResumed(size);
                return new FileResult(t.remotePath(), t.localFile(), FileOutcome.SUCCESS, null, size, 0, true, false);
            }
            boolean restarted = entry != null && !entry.matches(fp);
            if (size > MAX_SINGLE_PUT) {
                return failedUpload(t, size, "A presigned URL takes at most 5 GiB in one PUT; upload this file with"
                        + " temporary credentials (the default)");
            }
            int slash = t.remotePath().lastIndexOf('/');
            String folder = t.remotePath().substring(0, slash + 1);
            String name = t.remotePath().substring(slash + 1);
            URI url;
            DataId id;
            if (entry != null && entry.dataId() != null) {
                id = new DataId(entry.dataId());
                url = t.data().createUploadUrl(id);
            } else {
                try {
                    FileWithUploadUrl created = t.data().createFileWithUploadUrl(
                            new CreateFileRequest(name, folder, null, null));
                    id = created.data().id();
                    url = created.uploadUrl();
                } catch (IcaConflictException e) {
                    if (t.overwrite() == OverwritePolicy.SKIP_EXISTING) {
                        return new FileResult(t.remotePath(), t.localFile(), FileOutcome.SKIPPED,
                                FileResult.EXISTS_IN_ICA, size, 0, false, false);
                    }
                    if (t.overwrite() == OverwritePolicy.FAIL) {
                        return failedUpload(t, size, t.remotePath()
                                + " already exists in ICA and was left untouched. " + JobErrors.EXISTS_HINT);
                    }
                    ProjectData existing = t.data().findByPath(t.remotePath()).orElseThrow(() -> e);
                    id = existing.id();
                    url = t.data().createUploadUrl(id);
                }
            }
            t.journal().fileStarted(t.journalPath(), fp, id.value());
            String md5 = md5Of(t.localFile());
            int held = rt.requestPermits().acquire(size, t.cancel());
            String etag;
            try {
                rt.bandwidth().acquire(size, t.cancel());
                etag = put(url, t.localFile(), t.cancel());
            } finally {
                rt.requestPermits().release(held);
            }
            if (!fp.equals(Fingerprints.local(t.localFile()))) {
                return failedUpload(t, size, new io.icasdk.transfer.SourceChangedException(t.localFile()
                        + " changed while it was uploaded; upload it again once it is complete").getMessage());
            }
            if (rt.settings().checksumMode() != ChecksumMode.NONE && Checksums.isPlainMd5(etag) && !md5.equals(Checksums.unquote(etag))) {
                return failedUpload(t, size, new ChecksumMismatchException("S3 stored different bytes for "
                        + t.remotePath() + " than were sent; upload it again").getMessage());
            }
            t.progress().bytesTransferred(size);
            t.journal().fileDone(t.journalPath(), fp);
            return new FileResult(t.remotePath(), t.localFile(), FileOutcome.SUCCESS, null, size, size, false,
                    restarted);
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted");
        } catch (IOException | RuntimeException e) {
            if (t.cancel().isCancelled()) {
                throw new CancellationException("The transfer was cancelled");
            }
            return failedUpload(t, size, FileUploader.reason(e));
        }
    }

    /** Backoff between attempts of one presigned request: 400 ms, doubling, at most 5 s. */
    private static void pause(int attempt) throws InterruptedException {
        Thread.sleep(Math.min(200L << attempt, 5000));
    }

    private String put(URI url, Path file, Cancellation cancel) throws IOException, InterruptedException {
        TransferException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            cancel.check();
            HttpResponse<String> r;
            try {
                r = send(rt.request(url).timeout(Duration.ofMinutes(30))
                        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString(),
                        cancel);
            } catch (FileNotFoundException e) {
                throw e; // the local file went away: not a network failure
            } catch (IOException e) {
                if (UntrustedCertificate.causes(e)) {
                    throw UntrustedCertificate.failure("The presigned upload", url, rt.settings().proxy(), e);
                }
                r = null;
                last = new TransferException("The presigned upload failed: " + e.getClass().getSimpleName());
            }
            if (r != null) {
                if (r.statusCode() / 100 == 2) {
                    return r.headers().firstValue("ETag").orElse(null);
                }
                if (r.statusCode() < 500 && r.statusCode() != 429) {
                    throw refused("upload", url, r.statusCode());
                }
                last = new TransferException("The presigned upload failed with HTTP " + r.statusCode());
            }
            log.debug("Presigned PUT attempt {} failed: {}", attempt, last.getMessage());
            pause(attempt);
        }
        throw last;
    }

    /**
     * Sends a request that the job's cancel aborts: a blocking send of a PUT went on to its end (a whole file, up to
     * its 30 min timeout), and the cancelled job, its journal held, waited for it.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, Cancellation cancel)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> sent = cancel.track(http.sendAsync(request, body));
        try {
            return sent.get();
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    /** A presigned request that S3 refused (a 4xx other than 429): retrying the same URL cannot help. */
    private TransferException refused(String what, URI url, int status) {
        return new TransferException("The presigned " + what + " was refused with HTTP " + status
                + (status == 403 ? " (the URL expired or was not valid for this file)"
                : status == 407 ? ". " + rt.settings().proxy().authenticationAdvice(url) : ""));
    }

    /**
     * One file to download.
     *
     * @param url mints (or re-mints, after a 403) the file's presigned URL
     */
    public record Download(String journalPath, String remotePath, Path root, Path target, long size, String etag,
                           Instant timeModified, Supplier<URI> url, OverwritePolicy overwrite, Journal journal,
                           ProgressTracker progress, Cancellation cancel) {}

    /** Downloads one file through a presigned URL into a temporary file, then renames it over the target. */
    public FileResult download(Download t) {
        try {
            t.cancel().check();
            String fp = Fingerprints.remote(t.size(), t.etag(), t.timeModified());
            JournalEntry entry = t.journal().entry(t.journalPath());
            Path target = t.target();
            if (entry != null && entry.done() && entry.matches(fp)
                    && FileDownloader.asDownloaded(target, t.size(), t.timeModified())) {
                t.progress().bytesResumed(t.size());
                return new FileResult(t.remotePath(), target, FileOutcome.SUCCESS, null, t.size(), 0, true, false);
            }
            boolean restarted = entry != null && !entry.matches(fp);
            // No temporary file outlives a run here: a file at the target is never an unfinished one of the job's.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (t.overwrite() == OverwritePolicy.FAIL) {
                    return failedDownload(t, target + " already exists and was left untouched. "
                            + JobErrors.EXISTS_HINT);
                }
                if (t.overwrite() == OverwritePolicy.SKIP_EXISTING) {
                    return new FileResult(t.remotePath(), target, FileOutcome.SKIPPED, FileResult.LOCAL_FILE_EXISTS,
                            t.size(), 0, false, false);
                }
            }
            folders.prepare(t.root(), target);
            t.journal().fileStarted(t.journalPath(), fp, null);
            // One GET from the start: nothing to resume from, so the temporary file never outlives the call.
            Path temp = PartialFiles.beside(target, t.journal().keyId() + "/" + t.journalPath());
            long discarded = 0;
            try {
                for (int refetch = 0; ; refetch++) {
                    Fetched got;
                    int held = rt.requestPermits().acquire(t.size(), t.cancel());
                    try {
                        got = get(t, temp);
                    } finally {
                        rt.requestPermits().release(held);
                    }
                    if (got.bytes() == t.size() && got.md5Matches()) {
                        break;
                    }
                    deleteQuietly(temp);
                    discarded += got.bytes();
                    t.progress().bytesDiscarded(got.bytes());
                    // A size that differs is the object's own (a complete body of another length), not damage.
                    if (got.bytes() != t.size() || refetch == FileDownloader.REFETCHES) {
                        return failedDownload(t, new ChecksumMismatchException("The bytes downloaded for "
                                + t.remotePath() + " do not match its size or ETag; the copy was discarded. Download"
                                + " it again").getMessage(), discarded);
                    }
                    log.warn("The bytes downloaded for {} do not match its ETag (damaged on the way); the copy was"
                            + " discarded and the file is fetched again from the start (refetch {} of {})",
                            t.remotePath(), refetch + 1, FileDownloader.REFETCHES);
                }
                folders.checkBeforeMove(t.root(), target);
                if (!PartialFiles.putInPlace(temp, target, t.overwrite())) {
                    t.journal().fileReset(t.journalPath());
                    return t.overwrite() == OverwritePolicy.SKIP_EXISTING
                            ? new FileResult(t.remotePath(), target, FileOutcome.SKIPPED, FileResult.LOCAL_FILE_EXISTS,
                                    t.size(), 0, false, false)
                            : failedDownload(t, target + " appeared while the file downloaded and was left untouched;"
                                    + " the download was dropped. " + JobErrors.EXISTS_HINT);
                }
            } finally {
                deleteQuietly(temp);
            }
            if (t.timeModified() != null) {
                Files.setLastModifiedTime(target, FileTime.from(t.timeModified()));
            }
            t.progress().bytesTransferred(t.size());
            t.journal().fileDone(t.journalPath(), fp);
            return new FileResult(t.remotePath(), target, FileOutcome.SUCCESS, null, t.size(), t.size() + discarded,
                    false, restarted);
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted");
        } catch (io.icasdk.transfer.PathTraversalException e) {
            return failedDownload(t, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (t.cancel().isCancelled()) {
                throw new CancellationException("The transfer was cancelled");
            }
            String reason = FileUploader.reason(e); // an untrusted certificate's says what to do: not a rerun
            return failedDownload(t, UntrustedCertificate.causes(e) ? reason
                    : reason + ". Run the same download again to continue");
        }
    }

    /** How long a GET may wait for its response's headers: S3 sends them at once, unless the connection stalled. */
    private Duration headersTimeout() {
        return rt.settings().stallTimeout();
    }

    /**
     * What one GET brought into the temporary file.
     *
     * @param bytes      how many bytes
     * @param md5Matches whether their MD5 matches the ETag (true where the ETag is no MD5, or checks are off)
     */
    private record Fetched(long bytes, boolean md5Matches) {}

    /** Streams the body into the temporary file (retrying failed requests) and says what arrived. */
    private Fetched get(Download t, Path temp) throws IOException, InterruptedException {
        URI url = t.url().get();
        TransferException last = null;
        boolean reminted = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            t.cancel().check();
            HttpResponse<InputStream> r;
            try {
                r = http.send(rt.request(url).timeout(headersTimeout()).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (UntrustedCertificate.causes(e)) {
                    throw UntrustedCertificate.failure("The presigned download", url, rt.settings().proxy(), e);
                }
                last = new TransferException("The presigned download failed: " + e.getClass().getSimpleName());
                pause(attempt);
                continue;
            }
            if (r.statusCode() == 403 && !reminted) { // at any try: it may have expired while an earlier one ran
                r.body().close();
                url = t.url().get(); // expired: mint a fresh URL once, without spending a try
                reminted = true;
                attempt--;
                continue;
            }
            if (r.statusCode() / 100 != 2) {
                if (r.body() != null) { // none: a proxy's 407 to the tunnel
                    r.body().close();
                }
                if (r.statusCode() < 500 && r.statusCode() != 429) {
                    throw refused("download", url, r.statusCode());
                }
                last = new TransferException("The presigned download failed with HTTP " + r.statusCode());
                pause(attempt);
                continue;
            }
            String etag = r.headers().firstValue("ETag").orElse(null);
            MessageDigest md5 = Checksums.md5();
            long written = 0;
            FileChannel ch = openTemporary(r.body(), temp);
            try (InputStream in = r.body(); ch;
                 StallWatch watch = new StallWatch(in, rt.settings().stallTimeout(), rt.scheduler())) {
                RangeSink sink = rt.settings().sinks().open(temp, ch);
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = readSome(in, buf)) > 0) {
                    t.cancel().check();
                    rt.bandwidth().acquire(n, t.cancel());
                    md5.update(buf, 0, n);
                    try {
                        sink.write(ByteBuffer.wrap(buf, 0, n), written);
                    } catch (IOException e) {
                        throw new LocalIoException("Cannot write the downloaded bytes: " + e.getMessage(), e);
                    }
                    written += n;
                    watch.progress(); // after the bandwidth cap and the disk: only the network's time counts
                }
            } catch (IOException e) {
                last = new TransferException("The presigned download was interrupted: "
                        + e.getClass().getSimpleName());
                pause(attempt);
                continue;
            }
            String hex = Checksums.hex(md5.digest());
            boolean verify = rt.settings().checksumMode() != ChecksumMode.NONE;
            return new Fetched(written, !verify || !Checksums.isPlainMd5(etag) || hex.equals(Checksums.unquote(etag)));
        }
        throw last;
    }

    /** Opens (truncating) the temporary file a body goes to; a local failure closes the body and is not retried. */
    private static FileChannel openTemporary(InputStream body, Path temp) throws IOException {
        try {
            return FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            body.close();
            throw new LocalIoException("Cannot create the temporary file " + temp + ": " + e.getMessage(), e);
        }
    }

    private static int readSome(InputStream in, byte[] buf) throws IOException {
        return in.read(buf);
    }

    private static String md5Of(Path file) throws IOException {
        MessageDigest md5 = Checksums.md5();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
            }
        }
        return Checksums.hex(md5.digest());
    }

    private static FileResult failedUpload(Upload t, long size, String reason) {
        return new FileResult(t.remotePath(), t.localFile(), FileOutcome.FAILED, reason, size, 0, false, false);
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.debug("Cannot delete the temporary file {}: {}", temp, e.toString());
        }
    }

    private static FileResult failedDownload(Download t, String reason) {
        return failedDownload(t, reason, 0);
    }

    private static FileResult failedDownload(Download t, String reason, long bytes) {
        return new FileResult(t.remotePath(), t.target(), FileOutcome.FAILED, reason, t.size(), bytes, false, false);
    }
}
