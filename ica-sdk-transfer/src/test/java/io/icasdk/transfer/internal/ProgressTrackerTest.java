package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.TransferResult;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
    /** A copy that failed its check and was fetched again: counted once as progress, twice as bytes moved. */
    @Test
    void discardedBytes_leaveTheProgress_butTheResultCountsThemAsMoved() {
        ProgressTracker p = new ProgressTracker();
        p.fileDiscovered(15);
        p.bytesResumed(5); // an earlier run's ranges
        p.bytesTransferred(10); // this run's, then the check fails: all of it goes
        p.bytesRewound(10, 5);
        p.bytesDiscarded(10);
        assertThat(p.snapshot().bytesTransferred()).isZero();
        assertThat(p.snapshot().bytesSkippedByResume()).isZero();

        p.bytesTransferred(15); // the refetch
        assertThat(p.snapshot().bytesTransferred()).isEqualTo(p.snapshot().bytesTotal());
        TransferResult r = p.complete();
        assertThat(r.bytesTransferred()).isEqualTo(25);
        assertThat(r.bytesSkippedByResume()).isZero();
    }
}
