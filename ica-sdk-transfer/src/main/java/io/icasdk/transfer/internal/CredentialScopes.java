package io.icasdk.transfer.internal;

import io.icasdk.core.CreateFileRequest;
import io.icasdk.core.CreateFolderRequest;
import io.icasdk.core.IcaConflictException;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataWithCredentials;
import io.icasdk.core.model.ProjectData;
import io.icasdk.transfer.SourceNotFoundException;
import io.icasdk.transfer.TransferException;
import io.icasdk.transfer.internal.credentials.IcaCredentialSource;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import io.icasdk.transfer.internal.journal.JournalEntry;
import io.icasdk.transfer.internal.s3.S3Location;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credential scopes of one job, each a {@link RefreshingCredentialsProvider}: one per folder (shared
 * by every file below it, so a tree costs one ICA call, not one per file), or one per file where there is
 * no folder (the project root has no data id). Folders are looked up, and for uploads created when
 * missing, once. Thread-safe.
 */
public final class CredentialScopes {
    private final TransferRuntime rt;
    private final ProjectDataClient data;
    private final boolean readOnly;
    private final Map<String, CompletableFuture<RefreshingCredentialsProvider>> folders = new ConcurrentHashMap<>();
    /** Credentials of files in the project root, by data id: each is a scope of its own. */
    private final Map<DataId, RefreshingCredentialsProvider> rootFiles = new ConcurrentHashMap<>();

    /**
     * @param readOnly read-only credentials (downloads)
     */
    public CredentialScopes(TransferRuntime rt, ProjectDataClient data, boolean readOnly) {
        this.rt = rt;
        this.data = data;
        this.readOnly = readOnly;
    }

    /**
     * Credentials for a folder ({@code /a/b/}), shared by all its files.
     *
     * @param create create the folder when it is missing (uploads)
     * @throws SourceNotFoundException when it is missing and {@code create} is false
     */
    public RefreshingCredentialsProvider folder(String folderPath, boolean create) {
        CompletableFuture<RefreshingCredentialsProvider> mine = new CompletableFuture<>();
        CompletableFuture<RefreshingCredentialsProvider> f = folders.putIfAbsent(folderPath, mine);
        if (f == null) {
            try {
                mine.complete(openFolder(folderPath, create));
            } catch (RuntimeException e) {
                folders.remove(folderPath, mine);
                mine.completeExceptionally(e);
            }
            f = mine;
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Credentials for a folder the caller already looked up: {@link #folder} without asking ICA again. */
    public RefreshingCredentialsProvider folder(ProjectData known) {
        return folders.computeIfAbsent(known.path(),
                p -> CompletableFuture.completedFuture(forData(known.id(), "folder " + p))).join();
    }

    private RefreshingCredentialsProvider openFolder(String folderPath, boolean create) {
        Optional<ProjectData> existing = data.findByPath(folderPath);
        if (existing.isPresent()) {
            return forData(existing.get().id(), "folder " + folderPath);
        }
        if (!create) {
            throw new SourceNotFoundException("The folder " + folderPath + " does not exist in project "
                    + data.projectId());
        }
        try {
            DataWithCredentials created = data.createFolderWithTemporaryCredentials(
                    CreateFolderRequest.forPath(folderPath), IcaCredentialSource.preferredRequest(readOnly));
            RefreshingCredentialsProvider p = forData(created.data().id(), "folder " + folderPath);
            IssuedCredentials seed = IcaCredentialSource.map(created.credentials(), true, rt.settings().clock()
                    .instant());
            return seed == null ? p : p.seed(seed);
        } catch (IcaConflictException e) {
            // Created meanwhile (another job, or a retry whose first attempt succeeded), or a file has its name.
            Optional<ProjectData> found = data.findByPath(folderPath);
            if (found.isEmpty() && data.findByPath(folderPath.substring(0, folderPath.length() - 1)).isPresent()) {
                throw new TransferException("Cannot use " + folderPath + " as a folder: "
                        + folderPath.substring(0, folderPath.length() - 1) + " is a file in project " + data.projectId()
                        + ". Choose another remote folder; nothing was uploaded", e);
            }
            return forData(found.orElseThrow(() -> e).id(), "folder " + folderPath);
        }
    }

    /** Credentials, and the key of a file relative to their prefix. */
    public record Scoped(RefreshingCredentialsProvider credentials, String keyRel) {}

    /**
     * Credentials for an existing file {@code rel} below the project root (the root has no folder id): its
     * top folder's, shared by all the files below it, or the file's own when it sits in the root itself.
     */
    public Scoped belowRoot(String rel, DataId fileId, String remotePath) {
        int slash = rel.indexOf('/');
        if (slash > 0) {
            String top = rel.substring(0, slash + 1);
            return new Scoped(folder("/" + top, false), rel.substring(top.length()));
        }
        return new Scoped(rootFileCredentials(fileId, remotePath), "");
    }

    /** Credentials of a file in the project root, shared by everything this job does with it. */
    private RefreshingCredentialsProvider rootFileCredentials(DataId id, String remotePath) {
        return rootFiles.computeIfAbsent(id, i -> forData(i, "file " + remotePath));
    }

    /** Credentials for one existing file or folder. */
    public RefreshingCredentialsProvider forData(DataId id, String description) {
        return new RefreshingCredentialsProvider(description,
                new IcaCredentialSource(data, id, readOnly, rt.settings().clock()), rt.settings().clock(),
                rt.workers());
    }

    /**
     * Creates a file at the project root with its own credentials (the root has no folder id); when it
     * exists already, credentials for the existing file.
     *
     * @return the file's id and credentials
     */
    public Map.Entry<DataId, RefreshingCredentialsProvider> rootFile(String name) {
        try {
            DataWithCredentials created = data.createFileWithTemporaryCredentials(
                    new CreateFileRequest(name, "/", null, null), IcaCredentialSource.preferredRequest(false));
            RefreshingCredentialsProvider p = forData(created.data().id(), "file /" + name);
            IssuedCredentials seed = IcaCredentialSource.map(created.credentials(), false,
                    rt.settings().clock().instant());
            RefreshingCredentialsProvider seeded = seed == null ? p : p.seed(seed);
            rootFiles.put(created.data().id(), seeded);
            return Map.entry(created.data().id(), seeded);
        } catch (IcaConflictException e) {
            ProjectData found = data.findByPath("/" + name).orElseThrow(() -> e);
            return Map.entry(found.id(), rootFileCredentials(found.id(), "/" + name));
        }
    }

    /** Where an uploaded file goes in S3, and the ICA file made for it first (a file in the project root) or null. */
    public record UploadTarget(S3Location location, String dataId) {}

    /**
     * The object of a file uploaded into {@code remoteFolder} and its credentials: the remote folder's (one credential
     * for the whole tree), or below the project root its top folder's, or for a file in the root a file record of its
     * own (the one the journal holds, or created now).
     *
     * @param entry  the file's journal record, or null
     * @param create create what is missing in ICA (a folder, a root file's record); without, it fails instead
     */
    public UploadTarget upload(String remoteFolder, String rel, String remotePath, JournalEntry entry, boolean create) {
        if (!remoteFolder.equals("/")) {
            RefreshingCredentialsProvider creds = folder(remoteFolder, create);
            return new UploadTarget(new S3Location(creds, creds.current().keyFor(rel)), null);
        }
        if (rel.indexOf('/') > 0) {
            String top = rel.substring(0, rel.indexOf('/') + 1);
            RefreshingCredentialsProvider creds = folder("/" + top, create);
            return new UploadTarget(new S3Location(creds, creds.current().keyFor(rel.substring(top.length()))), null);
        }
        if (entry != null && entry.dataId() != null) {
            RefreshingCredentialsProvider creds = rootFileCredentials(new DataId(entry.dataId()), remotePath);
            return new UploadTarget(new S3Location(creds, creds.current().keyFor("")), entry.dataId());
        }
        if (!create) {
            throw new IllegalStateException("No ICA file is journaled for " + remotePath);
        }
        Map.Entry<DataId, RefreshingCredentialsProvider> created = rootFile(rel);
        RefreshingCredentialsProvider creds = created.getValue();
        return new UploadTarget(new S3Location(creds, creds.current().keyFor("")), created.getKey().value());
    }
}
