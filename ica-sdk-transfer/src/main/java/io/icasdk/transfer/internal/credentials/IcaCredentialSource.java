package io.icasdk.transfer.internal.credentials;

import io.icasdk.core.CredentialsFormat;
import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.Secret;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.RcloneCredentials;
import io.icasdk.core.model.TemporaryCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches credentials for one file or folder with ICA's {@code createTemporaryCredentials}.
 *
 * <p>It asks for the RCLONE format first, because only that format says when the credentials expire
 * (its config holds the same keys as the AWS format); when a response cannot be read that way it
 * switches to the AWS format for good. Thread-safe.
 */
public final class IcaCredentialSource implements CredentialSource {
    private static final Logger log = LoggerFactory.getLogger(IcaCredentialSource.class);

    private final ProjectDataClient data;
    private final DataId dataId;
    private final boolean readOnly;
    private final Clock clock;
    private volatile boolean useRclone = true;

    /**
     * @param data     the project
     * @param dataId   the file or folder the credentials are for
     * @param readOnly whether to ask for read-only credentials (downloads)
     * @param clock    stamps the issue time
     */
    public IcaCredentialSource(ProjectDataClient data, DataId dataId, boolean readOnly, Clock clock) {
        this.data = data;
        this.dataId = dataId;
        this.readOnly = readOnly;
        this.clock = clock;
    }

    /** The request format to use for the first credentials of a new scope. */
    public static CredentialsRequest preferredRequest(boolean readOnly) {
        CredentialsRequest r = CredentialsRequest.rclone();
        return readOnly ? r.readOnly() : r;
    }

    @Override
    public IssuedCredentials fetch() {
        if (useRclone) {
            TemporaryCredentials tc = data.createTemporaryCredentials(dataId, request(CredentialsFormat.RCLONE));
            IssuedCredentials c = map(tc, dataId.isFolder(), clock.instant());
            if (c != null) {
                return c;
            }
            log.debug("RCLONE-format credentials for {} are incomplete; using the AWS format", dataId);
            useRclone = false;
        }
        TemporaryCredentials tc = data.createTemporaryCredentials(dataId, request(CredentialsFormat.AWS));
        IssuedCredentials c = map(tc, dataId.isFolder(), clock.instant());
        if (c == null) {
            throw new IllegalStateException("ICA returned temporary credentials for " + dataId
                    + " without an access key, bucket or prefix");
        }
        return c;
    }

    private CredentialsRequest request(CredentialsFormat format) {
        return CredentialsRequest.of(format, readOnly);
    }

    /**
     * Reads ICA's credentials in either format, or returns null when they lack a required field.
     *
     * @param folder whether they are for a folder (its prefix must end with {@code /})
     */
    public static IssuedCredentials map(TemporaryCredentials tc, boolean folder, Instant now) {
        if (tc == null) {
            return null;
        }
        Instant issued = tc.issuedAt() != null ? tc.issuedAt() : now;
        RcloneCredentials rc = tc.rclone();
        Instant expires = rc != null ? rc.expirationTime() : null;
        AwsCredentials aws = tc.aws();
        if (aws != null && aws.accessKey() != null && aws.secretKey() != null && aws.bucket() != null
                && aws.objectPrefix() != null) {
            return new IssuedCredentials(aws.accessKey(), aws.secretKey(), aws.sessionToken(), aws.region(),
                    aws.bucket(), prefix(aws.objectPrefix(), folder), aws.serverSideEncryptionAlgorithm(),
                    aws.serverSideEncryptionKey(), issued, expires);
        }
        if (rc == null) {
            return null;
        }
        Map<String, String> cfg = rc.config();
        String access = cfg.get("access_key_id");
        String secret = cfg.get("secret_access_key");
        String token = cfg.get("session_token");
        String location = rc.filePathPrefix();
        if (access == null || secret == null || location == null) {
            return null;
        }
        String loc = location.startsWith("/") ? location.substring(1) : location;
        int slash = loc.indexOf('/');
        String bucket = slash < 0 ? loc : loc.substring(0, slash);
        String prefix = slash < 0 ? "" : loc.substring(slash + 1);
        if (bucket.isEmpty()) {
            return null;
        }
        return new IssuedCredentials(access, Secret.of(secret), token == null ? null : Secret.of(token),
                cfg.get("region"), bucket, prefix(prefix, folder), emptyToNull(cfg.get("server_side_encryption")),
                emptyToNull(cfg.get("sse_kms_key_id")), issued, expires);
    }

    private static String prefix(String p, boolean folder) {
        return folder && !p.isEmpty() && !p.endsWith("/") ? p + "/" : p;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
