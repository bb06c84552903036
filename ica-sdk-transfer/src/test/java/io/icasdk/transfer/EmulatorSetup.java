package io.icasdk.transfer;

import io.icasdk.core.IcaClient;
import io.icasdk.core.RetryPolicy;
import io.icasdk.testkit.IcaEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Clients pointed at an emulator, with nothing read from the real environment or home folder. */
final class EmulatorSetup {
    private EmulatorSetup() {}

    static IcaClient client(IcaEmulator ica, Path home) {
        return client(ica, home, ica.apiKey());
    }

    static IcaClient client(IcaEmulator ica, Path home, String apiKey) {
        return IcaClient.builder().baseUrl(ica.baseUrl()).apiKey(apiKey).defaultProjectId(ica.projectId())
                .allowInsecureHttp(true).userHome(home).environment(Map.of())
                .retryPolicy(RetryPolicy.builder().maxAttempts(8).initialBackoff(Duration.ofMillis(20))
                        .maxBackoff(Duration.ofMillis(200)).build())
                .build();
    }

    static TransferManager.Builder manager(IcaEmulator ica, IcaClient client, Path journals) {
        return TransferManager.builder().icaClient(client).s3EndpointOverride(ica.s3Endpoint())
                .partSizeInBytes(5L * Trees.MIB).journalDirectory(journals);
    }
}
