package io.icasdk.transfer.internal;

import io.icasdk.transfer.TransferListener;
import io.icasdk.transfer.TransferProgress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells one job's listeners its events as {@link TransferListener} promises: in order, on one thread of its own
 * (started with the first event), so that a slow listener delays only later events, never the job. Progress events
 * are rate-limited and coalesced: the snapshot is taken when the listener thread gets to it, so a slow listener
 * sees fewer, fresher ones. A listener that throws is logged and ignored. Thread-safe.
 */
public final class ListenerDispatcher {
    private static final Logger log = LoggerFactory.getLogger(ListenerDispatcher.class);

    private final List<TransferListener> listeners;
    private final ExecutorService thread;
    private final long minProgressIntervalNanos;
    private final AtomicLong lastEmitNanos = new AtomicLong();
    private final AtomicBoolean emitPending = new AtomicBoolean();
    private final CompletableFuture<Void> delivered = new CompletableFuture<>();

    /**
     * @param listeners           the listeners, called in this order (nulls ignored)
     * @param threadName          the name of the listener thread
     * @param minProgressInterval the least time between two rate-limited progress events
     */
    public ListenerDispatcher(List<TransferListener> listeners, String threadName, Duration minProgressInterval) {
        this.listeners = listeners.stream().filter(l -> l != null).toList();
        this.minProgressIntervalNanos = minProgressInterval.toNanos();
        this.thread = this.listeners.isEmpty() ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        if (thread == null) {
            delivered.complete(null);
        }
    }

    /** Queues an event for every listener; dropped once {@link #shutdown} was called (the job is over). */
    public void dispatch(Consumer<TransferListener> event) {
        execute(() -> {
            for (TransferListener l : listeners) {
                safely(() -> event.accept(l));
            }
        });
    }

    /**
     * Queues a progress event unless one was queued less than the minimum interval ago or one is still waiting
     * for the listener thread; {@code snapshot} is read when it is delivered.
     */
    public void progress(Supplier<TransferProgress> snapshot) {
        if (thread == null) {
            return;
        }
        long now = System.nanoTime();
        long last = lastEmitNanos.get();
        if (now - last < minProgressIntervalNanos || !emitPending.compareAndSet(false, true)) {
            return;
        }
        lastEmitNanos.set(now);
        if (!execute(() -> {
            emitPending.set(false);
            TransferProgress p = snapshot.get();
            for (TransferListener l : listeners) {
                safely(() -> l.onProgress(p));
            }
        })) {
            emitPending.set(false);
        }
    }

    /**
     * Takes no more events and stops the listener thread once the queued ones are delivered.
     *
     * @return completes when every event queued before is delivered (at once without listeners)
     */
    public CompletableFuture<Void> shutdown() {
        if (thread != null) {
            if (!execute(() -> delivered.complete(null))) {
                // shut down before: the first call's task completes it
                return delivered;
            }
            thread.shutdown();
        }
        return delivered;
    }

    private boolean execute(Runnable task) {
        if (thread == null) {
            return false;
        }
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // the job is over: late events are dropped
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("A transfer listener threw; the transfer goes on", e);
        }
    }
}
