package io.icasdk.transfer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Source fingerprints stored in journals: what must not change for earlier progress to stay valid. */
public final class Fingerprints {
    private Fingerprints() {}

    /** A local file's fingerprint: size and modification time (nanoseconds where the file system has them). */
    public static String local(BasicFileAttributes a) {
        return a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /**
     * A local file's fingerprint, read now: of the file a symbolic link leads to, whose bytes are the ones
     * uploaded (a link's own size is the length of the path it holds).
     */
    public static String local(Path file) throws IOException {
        return local(Files.readAttributes(file, BasicFileAttributes.class));
    }

    /** A remote file's fingerprint: size, ETag and modification time as ICA lists them. */
    public static String remote(long size, String etag, Instant timeModified) {
        return size + ":" + (etag == null ? "" : Checksums.unquote(etag)) + ":"
                + (timeModified == null ? "" : timeModified.toEpochMilli());
    }
}
