package io.icasdk.core;

/**
 * The client is configured wrongly or not at all (no credentials, bad URL, unreadable config file). The message says how to fix it.
 *
 * <p>{@code try { IcaClient.fromEnvironment(); } catch (IcaConfigurationException e) { System.err.println(e.getMessage()); }}
 */
public class IcaConfigurationException extends IcaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param cause underlying cause, or null
   */
  public IcaConfigurationException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, status, icaCode, detail, problemId, cause);
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
