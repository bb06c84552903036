package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CancellationTest {

    /** A request that records what the cancel asked of it, in order, across all requests. */
    private static final class Recorded extends CompletableFuture<Void> implements Cancellation.Abortable {
        private final String name;
        private final List<String> calls;
        long deadline;

        Recorded(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public void abort() {
            calls.add("abort " + name);
        }

        @Override
        public void cancelBy(long deadlineNanos) {
            calls.add("wait " + name);
            deadline = deadlineNanos;
            super.cancel(true);
        }
    }

    @Test
    void cancel_abortsEveryRequestBeforeWaitingForAny_withOneSharedDeadline() {
        List<String> calls = new CopyOnWriteArrayList<>();
        Cancellation cancellation = new Cancellation();
        Recorded a = new Recorded("a", calls);
        cancellation.track(a);
        Recorded b = new Recorded("b", calls);
        cancellation.track(b);
        CompletableFuture<String> plain = cancellation.track(new CompletableFuture<>());

        long before = System.nanoTime();
        cancellation.cancel();

        assertThat(calls).hasSize(4);
        assertThat(calls.subList(0, 2)).containsExactlyInAnyOrder("abort a", "abort b");
        assertThat(calls.subList(2, 4)).containsExactlyInAnyOrder("wait a", "wait b");
        assertThat(a.deadline).isEqualTo(b.deadline);
        assertThat(a.deadline - before).isBetween(0L, Cancellation.MAX_WAIT_NANOS + 1_000_000_000L);
        assertThat(a.isCancelled()).isTrue();
        assertThat(b.isCancelled()).isTrue();
        assertThat(plain.isCancelled()).isTrue();
        assertThat(cancellation.isCancelled()).isTrue();
    }

    @Test
    void track_afterCancel_cancelsTheRequestAtOnce() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        CompletableFuture<String> late = cancellation.track(new CompletableFuture<>());
        assertThat(late.isCancelled()).isTrue();
    }

    @Test
    void onCancel_runsOnTheCancellingThread_afterTheRequestsEnded_unlessForgotten() {
        List<String> calls = new CopyOnWriteArrayList<>();
        Cancellation cancellation = new Cancellation();
        cancellation.track(new Recorded("a", calls));
        cancellation.onCancel(() -> calls.add("clean up on " + Thread.currentThread().getName()));
        Runnable forgotten = () -> calls.add("forgotten");
        cancellation.onCancel(forgotten);
        cancellation.forget(forgotten);

        cancellation.cancel();
        cancellation.cancel();

        assertThat(calls).containsExactly("abort a", "wait a", "clean up on " + Thread.currentThread().getName());
        cancellation.onCancel(() -> calls.add("late"));
        assertThat(calls).as("registered after the cancel: runs at once").endsWith("late");
    }
}
