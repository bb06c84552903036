package io.icasdk.core;

/**
 * The connection to ICA failed (refused, reset, timed out) before a response arrived; retried automatically for safe calls before this is thrown.
 *
 * <p>{@code catch (IcaIoException e) { ... }}
 */
public class IcaIoException extends IcaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param cause underlying cause, or null
   */
  public IcaIoException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, status, icaCode, detail, problemId, cause);
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
