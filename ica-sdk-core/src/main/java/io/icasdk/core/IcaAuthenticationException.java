package io.icasdk.core;

/**
 * HTTP 401: the API key or access token was rejected (wrong, expired, or for another server).
 *
 * <p>{@code catch (IcaAuthenticationException e) { System.err.println("Check ICAV2_X_API_KEY and the server URL"); }}
 */
public class IcaAuthenticationException extends IcaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param cause underlying cause, or null
   */
  public IcaAuthenticationException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, status, icaCode, detail, problemId, cause);
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
