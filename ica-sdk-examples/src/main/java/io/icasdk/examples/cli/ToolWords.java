package io.icasdk.examples.cli;

import java.util.Map;

/**
 * The SDK's messages in the tool's words: where one names the Java API (a builder method, a request
 * option), the {@code ica} option that does the same, so that no advice points at code the user cannot
 * call. Printed on one line, control characters escaped ({@link IcaCli#oneLine}).
 */
final class ToolWords {
  /** What the SDK says, and what the tool says instead (no two overlap). */
  private static final Map<String, String> SDK_TO_TOOL = Map.of(
      FailureReport.SDK_EXISTS_HINT, FailureReport.CLI_EXISTS_HINT,
      "(deleteExtra is off)", "(--delete is off)",
      "(followSymlinks is off)", "(--follow-symlinks is off)",
      ", or call allowInsecureHttp(true) if you really mean it (plain http is always allowed for loopback addresses).",
      " (ica allows plain http to loopback addresses only).",
      "(builder, ICAV2_X_API_KEY", "(--api-key, ICAV2_X_API_KEY",
      "used the builder's apiKey(...)", "used the API key given with --api-key",
      "Cannot use the builder's apiKey(...)", "Cannot use the API key given with --api-key",
      "Include and exclude globs pick", "--include and --exclude pick",
      "leave it out with an exclude glob", "leave it out with --exclude");

  private ToolWords() {}

  /** The message on one line, in the tool's words. */
  static String line(String sdkMessage) {
    String s = sdkMessage;
    if (s != null) {
      for (Map.Entry<String, String> e : SDK_TO_TOOL.entrySet()) {
        s = s.replace(e.getKey(), e.getValue());
      }
    }
    return IcaCli.oneLine(s);
  }
}
