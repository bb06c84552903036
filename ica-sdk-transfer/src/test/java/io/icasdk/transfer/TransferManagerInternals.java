package io.icasdk.transfer;

import io.icasdk.core.IcaClient;
import io.icasdk.transfer.internal.TransferRuntime;

/** For tests of the internal packages: what a transfer manager runs its jobs with. */
public final class TransferManagerInternals {
    private TransferManagerInternals() {
    }

    /** The manager's engine (threads, S3 clients, settings). */
    public static TransferRuntime runtime(TransferManager manager) {
        return manager.runtime();
    }

    /** The manager's ICA client. */
    public static IcaClient icaClient(TransferManager manager) {
        return manager.icaClient();
    }
}
