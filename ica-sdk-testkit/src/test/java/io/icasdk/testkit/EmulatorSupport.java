package io.icasdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the ITs against one emulator per test class share: the emulator with default settings, REST calls
 * on its default project, faults reset after every test, and waiting on a condition.
 */
abstract class EmulatorSupport {
    /** One emulator per concrete test class (started before its first test, closed after its last). */
    @RegisterExtension
    static final IcaEmulatorExtension ica = new IcaEmulatorExtension();

    protected final IcaEmulator emu = ica.emulator();
    protected final Rest rest = new Rest(emu);
    protected final String pid = emu.projectId();

    @AfterEach
    void resetFaults() {
        emu.faults().reset();
    }

    /** @return the default project's data path, {@code /api/projects/<pid>/data} */
    protected String data() {
        return "/api/projects/" + pid + "/data";
    }

    /** @return {@code data.details} of one item of the default project */
    protected JsonNode details(String dataId) {
        return rest.get(data() + "/" + dataId).json().get("data").get("details");
    }

    /** Polls the condition every 50 ms; fails the test when it is still false after the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: " + what).isLessThan(deadline);
            pause(50);
        }
    }

    /** Sleeps; for waits on the clock itself (a TTL running out), where there is no condition to await. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return size bytes, the same for the same seed */
    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
