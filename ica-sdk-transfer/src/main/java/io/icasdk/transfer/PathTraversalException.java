package io.icasdk.transfer;

/**
 * A remote name would land outside the download's target folder ({@code ..}, an absolute path, a
 * symbolic link that leads out). The file is refused and nothing is written outside the target.
 *
 * <p>{@code catch (PathTraversalException e) { log.warn("refused {}", e.getMessage()); }}
 */
public final class PathTraversalException extends TransferException {
    private static final long serialVersionUID = 1L;

    /** @param message the offending name and the target folder */
    public PathTraversalException(String message) {
        super(message);
    }
}
