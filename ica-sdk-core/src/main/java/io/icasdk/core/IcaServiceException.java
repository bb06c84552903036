package io.icasdk.core;

/**
 * HTTP 5xx: ICA failed or is unavailable; retried automatically for safe calls before this is thrown.
 *
 * <p>{@code catch (IcaServiceException e) { ... }}
 */
public class IcaServiceException extends IcaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param cause underlying cause, or null
   */
  public IcaServiceException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, status, icaCode, detail, problemId, cause);
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
