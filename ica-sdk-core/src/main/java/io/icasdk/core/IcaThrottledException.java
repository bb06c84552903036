package io.icasdk.core;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP 429: ICA rate-limited the request and the retries allowed by the {@link RetryPolicy} ran out.
 *
 * <p>{@code catch (IcaThrottledException e) { Thread.sleep(e.retryAfter().orElse(Duration.ofSeconds(30)).toMillis()); }}
 */
public class IcaThrottledException extends IcaException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * @param message what failed and what to do
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param retryAfter the server's {@code Retry-After}, or null
   */
  public IcaThrottledException(
      String message, String icaCode, String detail, String problemId, Duration retryAfter) {
    super(message, 429, icaCode, detail, problemId, null);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked to wait ({@code Retry-After}), when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
