package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.icasdk.core.IcaClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No advice the tool prints points at Java code: the SDK's API names become the tool's options. */
class ToolWordsTest {
  @Test
  void plainHttpRefused_saysWhatTheToolAllows_notWhichBuilderMethodToCall() {
    Throwable refused = catchThrowable(() -> IcaClient.builder().environment(Map.of())
        .baseUrl(URI.create("http://example.com/ica/rest")).apiKey("k").build());
    assertThat(refused).hasMessageContaining("allowInsecureHttp(true)"); // the SDK's words, for its users
    assertThat(ToolWords.line(refused.getMessage())).doesNotContain("allowInsecureHttp")
        .contains("Use https:// (ica allows plain http to loopback addresses only).");
  }

  @Test
  void syncAndTransferOptions_areNamedAsTheToolsOptions() {
    assertThat(ToolWords.line("only in the local folder (deleteExtra is off)"))
        .isEqualTo("only in the local folder (--delete is off)");
    assertThat(ToolWords.line("symbolic link (followSymlinks is off)"))
        .isEqualTo("symbolic link (--follow-symlinks is off)");
    assertThat(ToolWords.line("x exists. " + FailureReport.SDK_EXISTS_HINT))
        .isEqualTo("x exists. " + FailureReport.CLI_EXISTS_HINT);
    assertThat(ToolWords.line("two\nlines")).isEqualTo("two lines");
    assertThat(ToolWords.line(null)).isEmpty();
  }
}
