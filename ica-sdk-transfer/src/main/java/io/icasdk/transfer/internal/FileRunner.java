package io.icasdk.transfer.internal;

import io.icasdk.transfer.FileResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's files on the file workers, at most {@code maxInFlight} at a time, in the order they were
 * submitted. {@link #submit} queues up to {@link #LOOK_AHEAD} files beyond those running and blocks the
 * enumerating thread past that: the walk or listing runs ahead of the transfers, so a job's totals are final
 * (and its ETA known) early rather than when its last files start, while memory stays bounded (a queued file
 * is a few hundred bytes). Thread-safe.
 */
public final class FileRunner {
    private static final Logger log = LoggerFactory.getLogger(FileRunner.class);

    /** Files queued at most beyond those running. */
    public static final int LOOK_AHEAD = 10_000;

    private final ExecutorService pool;
    private final int maxInFlight;
    /** Files submitted and not finished (running or queued): bounds the queue. */
    private final Semaphore admitted;
    private final Cancellation cancel;
    private final ProgressTracker progress;
    private final Phaser running = new Phaser(1);
    /** Files waiting for a slot, oldest first; guarded by {@code this}. */
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Files started and not finished; guarded by {@code this}. */
    private int started;

    public FileRunner(ExecutorService pool, int maxInFlight, Cancellation cancel, ProgressTracker progress) {
        this(pool, maxInFlight, LOOK_AHEAD, cancel, progress);
    }

    FileRunner(ExecutorService pool, int maxInFlight, int lookAhead, Cancellation cancel, ProgressTracker progress) {
        this.pool = pool;
        this.maxInFlight = maxInFlight;
        this.admitted = new Semaphore(maxInFlight + lookAhead);
        this.cancel = cancel;
        this.progress = progress;
    }

    /**
     * Runs one file when a slot is free (queued until then); its result goes to the progress tracker.
     *
     * @param work    does the file (returns its result; may throw {@link CancellationException})
     * @param onError turns an unexpected exception into the file's result
     * @throws CancellationException when the job was cancelled while waiting for room in the queue
     */
    public void submit(Supplier<FileResult> work, Function<Throwable, FileResult> onError) {
        try {
            while (!admitted.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                cancel.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted");
        }
        try {
            cancel.check();
        } catch (CancellationException e) {
            admitted.release();
            throw e;
        }
        running.register();
        Runnable file = () -> {
            try {
                if (cancel.isCancelled()) {
                    return; // queued before the cancel: not started
                }
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
                ended();
                startNext();
            }
        };
        boolean now;
        synchronized (this) {
            now = started < maxInFlight;
            if (now) {
                started++;
            } else {
                waiting.add(file);
            }
        }
        if (now && !execute(file)) {
            throw new CancellationException(TransferRuntime.CLOSED);
        }
    }

    /** A file is done (finished, or dropped without starting). */
    private void ended() {
        admitted.release();
        running.arriveAndDeregister();
    }

    /** A slot is free: starts the oldest waiting file in it. */
    private void startNext() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                started--;
                return;
            }
        }
        execute(next);
    }

    /** Runs a file on the pool; false when the pool stopped (the transfer manager was closed): nothing more starts. */
    private boolean execute(Runnable file) {
        try {
            pool.execute(file);
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("A file could not start: the transfer manager is closed");
            ended();
            dropWaiting();
            synchronized (this) {
                started--;
            }
            return false;
        }
    }

    /** Drops the files that have not started: they will not run. */
    private void dropWaiting() {
        List<Runnable> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (int i = 0; i < dropped.size(); i++) {
            ended();
        }
    }

    /** Waits until every submitted file finished. */
    public void awaitAll() {
        running.arriveAndAwaitAdvance();
    }

    /**
     * After the job stopped early (cancelled, or a listing or walk that failed while files ran): drops the files
     * still queued, then waits, at most {@code max}, until the files already started have ended (a cancel aborts
     * their requests), so that none writes to the job's journal after the job closed it: a multipart upload created
     * in that moment would lose its journaled id and be left in S3, unfinished and never resumed.
     *
     * @return whether they all ended in time
     */
    public boolean drain(Duration max) {
        dropWaiting();
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
