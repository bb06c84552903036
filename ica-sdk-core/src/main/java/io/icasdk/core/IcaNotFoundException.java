package io.icasdk.core;

/**
 * HTTP 404: the project, file or folder does not exist or is not visible to you.
 *
 * <p>{@code try { data.get(id); } catch (IcaNotFoundException e) { ... }}
 */
public class IcaNotFoundException extends IcaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null
   * @param icaCode ICA error code, or null
   * @param detail problem detail, or null
   * @param problemId problem id, or null
   * @param cause underlying cause, or null
   */
  public IcaNotFoundException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, status, icaCode, detail, problemId, cause);
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
