package io.icasdk.core.model;

/**
 * A newly created file or folder together with temporary credentials for its storage location.
 *
 * <p>{@code DataWithCredentials d = data.createFileWithTemporaryCredentials(req, CredentialsRequest.aws());}
 *
 * @param data the created file or folder
 * @param credentials temporary credentials scoped to it
 */
public record DataWithCredentials(ProjectData data, TemporaryCredentials credentials) {}
