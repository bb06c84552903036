package io.icasdk.core.internal;

import java.time.Duration;

/** Waits between retries; a seam so tests can record waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** The real thing: {@link Thread#sleep}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  /**
   * Waits for the given duration.
   *
   * @throws InterruptedException when interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}
