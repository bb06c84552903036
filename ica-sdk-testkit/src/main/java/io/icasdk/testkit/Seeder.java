package io.icasdk.testkit;

import io.icasdk.testkit.internal.ApiError;
import io.icasdk.testkit.internal.EmulatorState;
import io.icasdk.testkit.internal.S3Side;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts projects, folders and files straight into a running {@link IcaEmulator} (no REST, no faults).
 *
 * <pre>{@code
 * String fileId = emulator.seed().putFile(emulator.projectId(), "/runs/r1/a.txt", "hello".getBytes());
 * }</pre>
 *
 * <p>Thread-safe. Paths are ICA paths: absolute, folders end with '/'.
 */
public final class Seeder {
    private final EmulatorState state;
    private final S3Side s3;

    Seeder(EmulatorState state, S3Side s3) {
        this.state = state;
        this.s3 = s3;
    }

    /**
     * Creates a project.
     *
     * @return its id (a UUID)
     * @throws IllegalArgumentException if the name is blank
     */
    public String createProject(String name) {
        return state.createProject(name).id;
    }

    /**
     * Creates a folder and its missing parents, or returns the existing one.
     *
     * @param folderPath e.g. "/a/b/" (must start and end with '/', not the root)
     * @return the folder id ({@code fol.} + 32 hex)
     * @throws IllegalArgumentException on a bad path or unknown project
     */
    public String createFolder(String projectId, String folderPath) {
        Objects.requireNonNull(folderPath, "folderPath");
        if (folderPath.equals("/") || !folderPath.startsWith("/") || !folderPath.endsWith("/")) {
            throw new IllegalArgumentException("folderPath must look like /a/b/ (not the root), was " + folderPath);
        }
        requireProject(projectId);
        Optional<EmulatorState.DataRec> existing = state.dataByPath(projectId, folderPath);
        if (existing.isPresent()) {
            return existing.get().id;
        }
        String trimmed = folderPath.substring(0, folderPath.length() - 1);
        int slash = trimmed.lastIndexOf('/');
        try {
            return state.createFolder(projectId, trimmed.substring(0, slash + 1), trimmed.substring(slash + 1)).id;
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.detail(), e);
        }
    }

    /**
     * Stores a file (object and record, missing folders included), AVAILABLE at once; overwrites.
     *
     * @param path e.g. "/a/b/x.txt"
     * @return the file id ({@code fil.} + 32 hex)
     * @throws IllegalArgumentException on a bad path or unknown project
     */
    public String putFile(String projectId, String path, byte[] content) {
        return put(projectId, path, new ByteArrayInputStream(content), content.length);
    }

    /**
     * Stores a local file's content under an ICA path (see {@link #putFile(String, String, byte[])}).
     *
     * @throws UncheckedIOException if the local file cannot be read
     */
    public String putFile(String projectId, String path, Path localFile) {
        try (InputStream in = Files.newInputStream(localFile)) {
            return put(projectId, path, in, Files.size(localFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + localFile, e);
        }
    }

    /**
     * Reads the stored object of a file, whatever its status.
     *
     * @return the bytes, or empty when no object was written at that path
     */
    public Optional<byte[]> readFile(String projectId, String path) {
        requireProject(projectId);
        return s3.readObject(projectId + path);
    }

    /** @return the S3 object key of an ICA path: {@code <projectId>/<path without leading '/'>} */
    public String objectKey(String projectId, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was " + path);
        }
        return projectId + path;
    }

    private String put(String projectId, String path, InputStream in, long length) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("path must look like /a/b/x.txt, was " + path);
        }
        requireProject(projectId);
        return s3.putObject(projectId + path, in, length).id;
    }

    private void requireProject(String projectId) {
        if (state.project(projectId).isEmpty()) {
            throw new IllegalArgumentException("Unknown project " + projectId);
        }
    }
}
