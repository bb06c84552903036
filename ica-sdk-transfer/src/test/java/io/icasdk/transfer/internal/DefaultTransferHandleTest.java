package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.TransferResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultTransferHandleTest {
    private final DefaultTransferHandle handle = new DefaultTransferHandle(new Cancellation(), new ProgressTracker());

    /** A job whose failure handling itself failed (here at once) must not leave join() waiting for good. */
    @Test
    void jobThatThrowsBeforeCompletingTheHandle_failsTheHandleWithWhatItThrew() {
        NoClassDefFoundError broken = new NoClassDefFoundError("io/icasdk/transfer/internal/s3/S3Errors");
        Runnable job = handle.completedBy(() -> {
            throw broken;
        });

        assertThatThrownBy(job::run).isSameAs(broken); // the worker thread still reports it
        assertThat(handle.completion()).isCompletedExceptionally();
        assertThatThrownBy(handle::join).isSameAs(broken);
    }

    @Test
    void jobThatReturnsWithoutCompletingTheHandle_failsTheHandleSayingSo() {
        handle.completedBy(() -> { }).run();

        assertThatThrownBy(handle::join).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended without a result");
    }

    @Test
    void jobThatCompletesTheHandle_keepsItsResult() {
        TransferResult result = new TransferResult(List.of(), 0, 0, Duration.ZERO);
        handle.completedBy(() -> handle.complete(result)).run();

        assertThat(handle.join()).isSameAs(result);
    }
}
