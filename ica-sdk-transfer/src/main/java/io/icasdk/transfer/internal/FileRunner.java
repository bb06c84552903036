package io.icasdk.transfer.internal;

import io.icasdk.transfer.FileResult;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's files on the file workers, at most {@code maxInFlight} at a time; {@link #submit} blocks
 * the enumerating thread while all slots are busy, so enumeration stays lazy. Thread-safe.
 */
public final class FileRunner {
    private static final Logger log = LoggerFactory.getLogger(FileRunner.class);

    private final ExecutorService pool;
    private final Semaphore slots;
    private final Cancellation cancel;
    private final ProgressTracker progress;
    private final Phaser running = new Phaser(1);

    public FileRunner(ExecutorService pool, int maxInFlight, Cancellation cancel, ProgressTracker progress) {
        this.pool = pool;
        this.slots = new Semaphore(maxInFlight);
        this.cancel = cancel;
        this.progress = progress;
    }

    /**
     * Runs one file when a slot is free; its result goes to the progress tracker.
     *
     * @param work    does the file (returns its result; may throw {@link CancellationException})
     * @param onError turns an unexpected exception into the file's result
     * @throws CancellationException when the job was cancelled while waiting for a slot
     */
    public void submit(Supplier<FileResult> work, Function<Throwable, FileResult> onError) {
        try {
            while (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                cancel.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted");
        }
        cancel.check();
        running.register();
        try {
            pool.execute(() -> {
                try {
                    FileResult r;
                    try {
                        r = work.get();
                    } catch (CancellationException e) {
                        return;
                    } catch (RuntimeException | Error e) {
                        if (cancel.isCancelled()) {
                            return;
                        }
                        log.debug("A file failed unexpectedly", e);
                        r = onError.apply(e);
                    }
                    progress.fileFinished(r);
                } finally {
                    slots.release();
                    running.arriveAndDeregister();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            running.arriveAndDeregister();
            throw e;
        }
    }

    /** Waits until every submitted file finished. */
    public void awaitAll() {
        running.arriveAndAwaitAdvance();
    }

    /**
     * After the job stopped early (cancelled, or a listing or walk that failed while files ran): waits, at
     * most {@code max}, until the files already started have ended (a cancel aborts their requests), so that
     * none writes to the job's journal after the job closed it: a multipart upload created in that moment
     * would lose its journaled id and be left in S3, unfinished and never resumed.
     *
     * @return whether they all ended in time
     */
    public boolean drain(Duration max) {
        try {
            running.awaitAdvanceInterruptibly(running.arrive(), max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("Files of the stopped job were still running after {} s", max.toSeconds());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
