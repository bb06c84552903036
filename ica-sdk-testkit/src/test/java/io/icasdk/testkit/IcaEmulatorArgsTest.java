package io.icasdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IcaEmulatorArgsTest {
    @Test
    void parseDuration_acceptsUnitsAndIso() {
        assertThat(IcaEmulator.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(IcaEmulator.parseDuration("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(IcaEmulator.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(IcaEmulator.parseDuration("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(IcaEmulator.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(IcaEmulator.parseDuration("PT20S")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void parseDuration_rejectsNonsense_withAnExample() {
        assertThatThrownBy(() -> IcaEmulator.parseDuration("soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. 500ms, 20s");
        assertThatThrownBy(() -> IcaEmulator.parseDuration("5x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseArgs_readsEveryOption_inBothForms() {
        assertThat(IcaEmulator.parseArgs("--port", "0", "--s3-port=0", "--api-key", "k", "--credential-ttl=20s",
                "--partial-lag", "1s", "--project", "p", "--data-dir", "/tmp/x")).isNotNull();
        assertThat(IcaEmulator.parseArgs("--help")).isNull();
    }

    @Test
    void parseArgs_rejectsUnknownOptionsMissingValuesAndBadPorts() {
        assertThatThrownBy(() -> IcaEmulator.parseArgs("--colour", "red")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> IcaEmulator.parseArgs("--bogus")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> IcaEmulator.parseArgs("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> IcaEmulator.parseArgs("--port", "70000")).hasMessageContaining("port number");
        assertThatThrownBy(() -> IcaEmulator.parseArgs("--credential-ttl", "0s"))
                .hasMessageContaining("must be positive");
    }

    @Test
    void usage_namesEveryOption() {
        assertThat(IcaEmulator.usage()).contains("--port", "--data-dir", "--credential-ttl", "--api-key");
    }
}
