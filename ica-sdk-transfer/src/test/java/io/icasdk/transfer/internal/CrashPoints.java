package io.icasdk.transfer.internal;

/** Moments at which a test's child JVM ends itself at once, as SIGKILL would end it there (no hooks, no flushes). */
public final class CrashPoints {
    private CrashPoints() {}

    /** The JVM halts once a download has put its first finished file in place, before the journal says so. */
    public static void haltOnceADownloadIsInPlace() {
        FileDownloader.inPlace = () -> Runtime.getRuntime().halt(137);
    }
}
