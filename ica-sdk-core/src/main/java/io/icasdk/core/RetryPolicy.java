package io.icasdk.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries throttled (429), unavailable (503; 502 and 504 from a gateway) and
 * connection-failed calls. A 429 is retried for every call (ICA rejected it before doing anything);
 * 502-504 and connection failures only
 * for safe calls: GETs, calls that only mint URLs, credentials or tokens, and creates sent with an
 * {@code Idempotency-Key} (one key per logical create, reused on its retries). Waits use full-jitter
 * exponential backoff ({@code random(0, min(maxBackoff, initialBackoff * 2^attempt))}); a server
 * {@code Retry-After} is honoured instead when present (capped by {@code maxElapsed}).
 *
 * <p>Defaults: {@code maxAttempts=6}, {@code initialBackoff=500ms}, {@code maxBackoff=30s},
 * {@code maxElapsed=2min}.
 *
 * <p>{@code IcaClient.builder().retryPolicy(RetryPolicy.builder().maxAttempts(10).maxElapsed(Duration.ofMinutes(5)).build())}
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxElapsed;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxElapsed = b.maxElapsed;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default policy. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** No retries: every call is tried once. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** Total attempts per call, including the first (at least 1). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Upper bound of the first backoff. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Upper bound of any single backoff computed by the client. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** No retry is started when it would wait past this much time since the first attempt. */
  public Duration maxElapsed() {
    return maxElapsed;
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", maxElapsed=" + maxElapsed + "]";
  }

  /**
   * Builder of {@link RetryPolicy}, starting from the defaults; not thread-safe.
   *
   * <p>{@code RetryPolicy.builder().maxAttempts(10).maxElapsed(Duration.ofMinutes(5)).build()}
   */
  public static final class Builder {
    private int maxAttempts = 6;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxElapsed = Duration.ofMinutes(2);

    private Builder() {}

    /**
     * Total attempts including the first.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Upper bound of the first backoff.
     *
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Upper bound of any single computed backoff.
     *
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Total time budget across attempts.
     *
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder maxElapsed(Duration maxElapsed) {
      this.maxElapsed = nonNegative(maxElapsed, "maxElapsed");
      return this;
    }

    /** Builds the policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
