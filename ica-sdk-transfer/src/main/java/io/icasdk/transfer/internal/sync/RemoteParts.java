package io.icasdk.transfer.internal.sync;

import io.icasdk.core.model.DataId;
import io.icasdk.transfer.internal.CredentialScopes;
import io.icasdk.transfer.internal.TransferRuntime;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import io.icasdk.transfer.internal.s3.S3Location;

/**
 * Asks S3 the part size of a project file's object (a HEAD of part 1), which a checksum compare needs to check a
 * multipart ETag, with read-only credentials of the sync's folder, fetched on first use. Thread-safe.
 */
final class RemoteParts {
    private final TransferRuntime rt;
    private final CredentialScopes scopes;
    private final String remoteFolder;

    /** @param scopes the sync's credentials, which its transfers use too */
    RemoteParts(TransferRuntime rt, CredentialScopes scopes, String remoteFolder) {
        this.rt = rt;
        this.scopes = scopes;
        this.remoteFolder = remoteFolder;
    }

    /** The size of the first part of the object, or -1 when S3 does not tell (one part, a server that cannot say, an error). */
    long firstPartSize(RemoteEntry remote) {
        try {
            String rel = remote.rawRelativePath();
            CredentialScopes.Scoped scoped = !remoteFolder.equals("/")
                    ? new CredentialScopes.Scoped(scopes.folder(remoteFolder, false), rel)
                    : scopes.belowRoot(rel, new DataId(remote.dataId()), remoteFolder + rel);
            RefreshingCredentialsProvider creds = scoped.credentials();
            S3Location location = new S3Location(creds, creds.current().keyFor(scoped.keyRel()));
            return rt.store(creds.current()).firstPartSize(location).join(); // -1 on any failure of the HEAD
        } catch (RuntimeException e) { // no credentials for the folder
            return -1;
        }
    }
}
