package io.icasdk.core;

/**
 * HTTP 409: the request conflicts with the current state (e.g. {@code ICA_DATA_105}, the item already exists, or a create with the same Idempotency-Key is still running).
 *
 * <p>{@code catch (IcaConflictException e) { data.findByPath(path); }}
 */
public class IcaConflictException extends IcaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param cause underlying cause, or null
   */
  public IcaConflictException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, status, icaCode, detail, problemId, cause);
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
