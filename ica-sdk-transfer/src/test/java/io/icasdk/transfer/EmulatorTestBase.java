package io.icasdk.transfer;

import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests that share, per class, one emulator, one ICA client and one transfer
 * manager with the test settings of {@link EmulatorSetup}; each test gets its own folder {@link #dir}.
 */
abstract class EmulatorTestBase {
    @RegisterExtension
    static IcaEmulatorExtension emulator = new IcaEmulatorExtension();

    @TempDir
    static Path shared;
    static IcaClient client;
    static TransferManager tm;

    @TempDir
    Path dir;

    @BeforeAll
    static void startClients() {
        client = EmulatorSetup.client(ica(), shared);
        tm = manager().build();
    }

    @AfterAll
    static void closeManager() {
        tm.close();
    }

    /** The emulator of this class. */
    static IcaEmulator ica() {
        return emulator.emulator();
    }

    /** A transfer manager builder with the test settings, for a test that needs other settings. */
    static TransferManager.Builder manager() {
        return EmulatorSetup.manager(ica(), client, shared.resolve("journals"));
    }
}
