package io.icasdk.transfer.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Iterates a lazily paged listing with the next page already on its way: a worker thread runs the
 * listing into a queue of at most {@code capacity} items, so a folder of many pages is not listed and
 * transferred in turns (each page of ICA's listing is a round trip that would otherwise hold up the
 * files after it). A failure of the listing is thrown by {@link #hasNext} where the consumer meets it.
 * {@link #close} stops the worker. One consumer thread.
 *
 * @param <T> the items
 */
final class ReadAhead<T> implements Iterator<T>, AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Cancellation cancel;
    private final Future<?> worker;
    private volatile boolean closed;
    private Object next;

    /**
     * @param source the listing; iterated once, on a worker thread
     * @param capacity items read ahead at most (a page or two of the listing)
     * @param executor runs the worker
     * @param cancel checked while waiting for the listing
     */
    ReadAhead(Iterable<T> source, int capacity, ExecutorService executor, Cancellation cancel) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.cancel = cancel;
        this.worker = executor.submit(() -> {
            try {
                for (T item : source) {
                    if (!put(item)) {
                        return null;
                    }
                }
                put(END);
            } catch (InterruptedException e) {
                // closed
            } catch (Throwable t) {
                put(new Failure(t));
            }
            return null;
        });
    }

    /**
     * @throws RuntimeException what the listing threw
     * @throws java.util.concurrent.CancellationException when the job is cancelled while it waits
     */
    @Override
    public boolean hasNext() {
        while (next == null) {
            cancel.check();
            try {
                next = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while listing");
            }
        }
        if (next instanceof Failure failure) {
            throw failure.rethrow();
        }
        return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T item = (T) next;
        next = null;
        return item;
    }

    /** Stops the worker (it may finish the page it is fetching); items not taken are dropped. */
    @Override
    public void close() {
        closed = true;
        worker.cancel(true);
        queue.clear();
    }

    private boolean put(Object item) throws InterruptedException {
        while (!closed) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    private record Failure(Throwable error) {
        RuntimeException rethrow() {
            if (error instanceof Error e) {
                throw e;
            }
            return error instanceof RuntimeException r ? r : new IllegalStateException(error.toString(), error);
        }
    }
}
