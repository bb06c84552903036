package io.icasdk.transfer.internal;

import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.TransferListener;
import io.icasdk.transfer.TransferProgress;
import io.icasdk.transfer.TransferResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a job's files and bytes and tells its listeners, on one thread of its own, in order. Progress
 * events are rate-limited to one per {@value #MIN_INTERVAL_MILLIS} ms and coalesced (a slow listener
 * sees fewer, fresher snapshots); file events are all delivered. Bytes count when S3 acknowledged them.
 * Thread-safe.
 */
public final class ProgressTracker {
    static final long MIN_INTERVAL_MILLIS = 100;

    private final ListenerDispatcher dispatcher;
    private final long startNanos = System.nanoTime();
    private final AtomicLong filesTotal = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesFailed = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private volatile boolean enumerated;
    private final AtomicLong bytesTransferred = new AtomicLong();
    private final AtomicLong bytesResumed = new AtomicLong();
    private final AtomicLong bytesDiscarded = new AtomicLong();
    private final List<FileResult> results = Collections.synchronizedList(new ArrayList<>());

    /** @param listeners listeners (nulls ignored) */
    public ProgressTracker(TransferListener... listeners) {
        this.dispatcher = new ListenerDispatcher(Arrays.asList(listeners), "ica-transfer-listener",
                Duration.ofMillis(MIN_INTERVAL_MILLIS));
    }

    /** The job started. */
    public void started() {
        TransferProgress p = snapshot();
        dispatcher.dispatch(l -> l.onStarted(p));
    }

    /** A file was found (totals grow while enumerating). */
    public void fileDiscovered(long sizeInBytes) {
        filesTotal.incrementAndGet();
        bytesTotal.addAndGet(sizeInBytes);
        maybeEmit();
    }

    /** Every file was found: the totals are final (from here they only shrink, by files that turn out smaller). */
    public void enumerationDone() {
        enumerated = true;
    }

    /** S3 acknowledged bytes moved by this run. */
    public void bytesTransferred(long n) {
        bytesTransferred.addAndGet(n);
        maybeEmit();
    }

    /** Bytes an earlier run had moved (they count as transferred, and as skipped by resume). */
    public void bytesResumed(long n) {
        bytesResumed.addAndGet(n);
        bytesTransferred.addAndGet(n);
        maybeEmit();
    }

    /**
     * Bytes counted earlier that must be moved again (a file started afresh in the same run): taken back out.
     *
     * @param sent    what this run had sent of it
     * @param resumed what it had counted as resumed from an earlier run
     */
    public void bytesRewound(long sent, long resumed) {
        bytesResumed.addAndGet(-resumed);
        bytesTransferred.addAndGet(-(sent + resumed));
    }

    /**
     * Bytes this run moved that no file keeps (a downloaded copy that failed its check, fetched again): not
     * progress (take back what was counted of them with {@link #bytesRewound}), but the result's
     * {@code bytesTransferred} counts them, as the file's own result does.
     */
    public void bytesDiscarded(long n) {
        bytesDiscarded.addAndGet(n);
    }

    /** A file finished. A skipped file's bytes, found with it, leave the total: they are not to be moved. */
    public void fileFinished(FileResult r) {
        results.add(r);
        if (r.outcome() == FileOutcome.SKIPPED) {
            bytesTotal.addAndGet(-r.sizeInBytes());
        }
        if (r.outcome() == FileOutcome.FAILED) {
            filesFailed.incrementAndGet();
        } else {
            filesDone.incrementAndGet();
        }
        dispatcher.dispatch(l -> l.onFileCompleted(r));
        maybeEmit();
    }

    /** Replaces a result (a file that later turned out to have failed). */
    public void replace(FileResult old, FileResult now) {
        synchronized (results) {
            int i = results.indexOf(old);
            if (i >= 0) {
                results.set(i, now);
            }
        }
        if (old.outcome() != FileOutcome.FAILED && now.outcome() == FileOutcome.FAILED) {
            filesDone.decrementAndGet();
            filesFailed.incrementAndGet();
        }
    }

    /** The results so far, in completion order. */
    public List<FileResult> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /** Builds the final result, tells the listeners, and stops the listener thread after them. */
    public TransferResult complete() {
        TransferResult r = new TransferResult(results(),
                bytesTransferred.get() - bytesResumed.get() + bytesDiscarded.get(), bytesResumed.get(), elapsed());
        TransferProgress p = snapshot();
        dispatcher.dispatch(l -> l.onProgress(p));
        dispatcher.dispatch(l -> l.onCompleted(r));
        shutdown();
        return r;
    }

    /** Stops the listener thread once queued events are delivered (cancel, failure). */
    public void shutdown() {
        dispatcher.shutdown();
    }

    /** A snapshot of the counters. */
    public TransferProgress snapshot() {
        return new TransferProgress(filesTotal.get(), filesDone.get(), filesFailed.get(), bytesTotal.get(),
                bytesTransferred.get(), bytesResumed.get(), elapsed(), enumerated);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void maybeEmit() {
        dispatcher.progress(this::snapshot);
    }
}
