package io.icasdk.transfer.internal.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a transfer job is: running the same job again (same direction, local root, ICA endpoint,
 * project and remote path) finds the same journal and resumes.
 *
 * @param direction    {@code UPLOAD}, {@code DOWNLOAD}, or a sync direction
 * @param localRoot    absolute, normalised local file or folder
 * @param endpoint     the ICA base URL (two ICA installations never share a journal)
 * @param projectId    the project
 * @param remotePath   the remote file or folder path, or a data id
 */
public record JobKey(String direction, Path localRoot, String endpoint, String projectId, String remotePath) {

    public JobKey {
        Objects.requireNonNull(direction, "direction");
        localRoot = localRoot.toAbsolutePath().normalize();
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(remotePath, "remotePath");
    }

    /** A stable file-name-safe id (hex of a SHA-256 over all fields). */
    public String id() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : fields()) {
                sha.update(field.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    String[] fields() {
        return new String[] {direction, localRoot.toString(), endpoint, projectId, remotePath};
    }
}
