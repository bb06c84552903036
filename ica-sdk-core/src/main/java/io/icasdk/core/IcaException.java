package io.icasdk.core;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Root of the unchecked exceptions thrown by the ICA client. Carries what ICA said about the failure
 * (HTTP status, ICA error code, detail and the problem id to quote to support) when there was a
 * response. Messages never contain secrets, header values or pre-signed URL query strings.
 *
 * <p>{@code try { data.get(id); } catch (IcaNotFoundException e) { ... } catch (IcaException e) {
 * log.warn("ICA call failed: {} (ref. {})", e.getMessage(), e.problemId().orElse("-")); }}
 *
 * <p>Subtypes exist only where a caller would act differently. A 400 or 422 arrives as a plain
 * {@code IcaException} with its status.
 */
public class IcaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Integer status;
  private final String icaCode;
  private final String detail;
  private final String problemId;

  /**
   * @param message what failed and what to do
   * @param status HTTP status, or null when no response was received
   * @param icaCode ICA error code (the problem {@code title}), or null
   * @param detail the problem {@code detail}, or null
   * @param problemId the problem {@code id} (quote it to Illumina support), or null
   * @param cause underlying cause, or null
   */
  public IcaException(
      String message, Integer status, String icaCode, String detail, String problemId, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.icaCode = icaCode;
    this.detail = detail;
    this.problemId = problemId;
  }

  /**
   * @param message what failed and what to do
   * @param cause underlying cause, or null
   */
  public IcaException(String message, Throwable cause) {
    this(message, null, null, null, null, cause);
  }

  /** @param message what failed and what to do */
  public IcaException(String message) {
    this(message, null, null, null, null, null);
  }

  /** The HTTP status, or empty when no HTTP response was received. */
  public OptionalInt status() {
    return status == null ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** The ICA error code from the problem {@code title}, e.g. {@code ICA_DATA_105}. */
  public Optional<String> icaCode() {
    return Optional.ofNullable(icaCode);
  }

  /** The human-readable problem {@code detail} sent by ICA. */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /** The problem {@code id} (a request reference to quote to Illumina support). */
  public Optional<String> problemId() {
    return Optional.ofNullable(problemId);
  }
}
