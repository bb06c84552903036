package io.icasdk.core.model;

/**
 * A newly created folder together with an open upload session.
 *
 * <p>{@code FolderWithUploadSession f = data.createFolderWithUploadSession(req, CredentialsRequest.aws());}
 *
 * @param data the created folder
 * @param session the upload session (with credentials)
 */
public record FolderWithUploadSession(ProjectData data, FolderUploadSession session) {}
