package io.icasdk.core;

/**
 * HTTP 403: the credentials are valid but not allowed to do this (e.g. not a member of the project).
 *
 * <p>{@code catch (IcaPermissionException e) { ... }}
 */
public class IcaPermissionException extends IcaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param cause underlying cause, or null
   */
  public IcaPermissionException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, status, icaCode, detail, problemId, cause);
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaPermissionException(String message, Throwable cause) {
    super(message, cause);
  }
}
