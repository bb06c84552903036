package io.icasdk.transfer;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a running transfer. Totals grow while the source is still being enumerated (walked, listed or
 * planned), which runs alongside the transfers; {@code totalsFinal} says when they no longer do.
 *
 * <p>{@code TransferProgress p = handle.progress(); System.out.printf("%d/%d files, %.1f MB/s%n",
 * p.filesDone(), p.filesTotal(), p.bytesPerSecond() / 1e6);}
 *
 * @param filesTotal           files found so far
 * @param filesDone            files finished (succeeded or skipped)
 * @param filesFailed          files failed
 * @param bytesTotal           bytes of the files found so far
 * @param bytesTransferred     bytes acknowledged by the destination, including bytes done by an earlier run
 * @param bytesSkippedByResume the part of {@code bytesTransferred} an earlier, interrupted run had done
 * @param elapsed              time since the transfer started
 * @param totalsFinal          whether the source was enumerated completely, so that the totals are final (a share
 *                             of them is then the share done; a stream of unknown size counts 0 bytes in total)
 */
public record TransferProgress(long filesTotal, long filesDone, long filesFailed, long bytesTotal,
                               long bytesTransferred, long bytesSkippedByResume, Duration elapsed, boolean totalsFinal) {

    /** A snapshot whose totals are final. */
    public TransferProgress(long filesTotal, long filesDone, long filesFailed, long bytesTotal, long bytesTransferred,
                            long bytesSkippedByResume, Duration elapsed) {
        this(filesTotal, filesDone, filesFailed, bytesTotal, bytesTransferred, bytesSkippedByResume, elapsed, true);
    }

    /** Bytes per second moved by this run (resumed bytes excluded). */
    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        long moved = bytesTransferred - bytesSkippedByResume;
        return seconds <= 0 ? 0 : moved / seconds;
    }

    /** Estimated time to completion at the current rate, when there is a rate and the totals are final. */
    public Optional<Duration> eta() {
        double rate = bytesPerSecond();
        long remaining = bytesTotal - bytesTransferred;
        if (!totalsFinal || rate <= 0 || remaining < 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (remaining / rate * 1000)));
    }
}
