package io.icasdk.transfer;

import java.time.Duration;
import java.util.List;

/**
 * What a finished transfer did: one {@link FileResult} per file, whatever happened to the others.
 *
 * <p>{@code TransferResult r = tm.upload(req).join(); if (!r.isSuccess()) r.failures().forEach(System.err::println);}
 *
 * @param files                 one entry per file
 * @param bytesTransferred      bytes moved by this run
 * @param bytesSkippedByResume  bytes an earlier, interrupted run had moved already and this run did not repeat
 * @param duration              wall time of this run
 */
public record TransferResult(List<FileResult> files, long bytesTransferred, long bytesSkippedByResume,
                             Duration duration) {

    public TransferResult {
        files = List.copyOf(files);
    }

    /** Whether no file failed. */
    public boolean isSuccess() {
        return failed() == 0;
    }

    /** Number of files that succeeded. */
    public long succeeded() {
        return count(FileOutcome.SUCCESS);
    }

    /** Number of files skipped. */
    public long skipped() {
        return count(FileOutcome.SKIPPED);
    }

    /** Number of files that failed. */
    public long failed() {
        return count(FileOutcome.FAILED);
    }

    /** The files that failed. */
    public List<FileResult> failures() {
        return files.stream().filter(f -> f.outcome() == FileOutcome.FAILED).toList();
    }

    private long count(FileOutcome outcome) {
        return files.stream().filter(f -> f.outcome() == outcome).count();
    }
}
