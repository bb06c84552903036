package io.icasdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExtensionIT {
    @RegisterExtension
    static IcaEmulatorExtension ica = new IcaEmulatorExtension(b -> b.projectName("ext-project")
            .credentialTtl(Duration.ofMinutes(5)));

    private final IcaEmulator injected;

    ExtensionIT(IcaEmulator injected) {
        this.injected = injected;
    }

    @Test
    void resolvesTheRunningEmulator_asConstructorAndMethodParameter(IcaEmulator param) {
        assertThat(param).isSameAs(ica.emulator()).isSameAs(injected);
        assertThat(new Rest(param).get("/api/projects/" + param.projectId()).json().get("name").asText())
                .isEqualTo("ext-project");
        assertThat(param.shellExports()).containsEntry("ICAV2_BASE_URL", param.baseUrl().toString())
                .containsEntry("ICAV2_X_API_KEY", param.apiKey())
                .containsEntry("ICAV2_PROJECT_ID", param.projectId());
        assertThat(param.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/ica/rest");
    }
}
