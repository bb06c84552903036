package io.icasdk.core.model;

import java.time.Instant;

/**
 * A folder upload session: uploads under the folder are accounted for when the session is completed.
 *
 * <p>{@code FolderUploadSession s = data.createFolderUploadSession(folderId, CredentialsRequest.aws());
 * data.completeFolderUploadSession(folderId, s.id(), 3);}
 *
 * @param id session id
 * @param status session status
 * @param timeCreated creation time; may be null
 * @param timeSessionExpires when the session stops being valid; may be null
 * @param timeCompleted completion time; may be null
 * @param timeClosed closing time; may be null
 * @param credentials temporary credentials for the uploads; may be null
 */
public record FolderUploadSession(
    String id,
    UploadSessionStatus status,
    Instant timeCreated,
    Instant timeSessionExpires,
    Instant timeCompleted,
    Instant timeClosed,
    TemporaryCredentials credentials) {}
