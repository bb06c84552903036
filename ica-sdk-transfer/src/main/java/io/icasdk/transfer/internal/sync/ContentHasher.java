package io.icasdk.transfer.internal.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 and S3 multipart-ETag digests of local files. Stateless and thread-safe. */
final class ContentHasher {
    private static final int BUFFER = 1 << 20;

    private ContentHasher() {
    }

    /**
     * The digest an S3 ETag would carry for this file: the MD5 of the content for {@link SyncStateStore#MD5},
     * or for a part size, the MD5 of the concatenated part MD5s (the ETag is then {@code hex-N}).
     *
     * @throws IOException when the file cannot be read
     */
    static byte[] digest(Path file, long kind) throws IOException {
        MessageDigest whole = md5();
        MessageDigest part = md5();
        long partSize = kind == SyncStateStore.MD5 ? Long.MAX_VALUE : kind;
        long inPart = 0;
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                long room = partSize - inPart;
                buf.clear();
                if (room < buf.capacity()) {
                    buf.limit((int) room);
                }
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                buf.flip();
                part.update(buf);
                inPart += n;
                if (inPart == partSize) {
                    whole.update(part.digest());
                    inPart = 0;
                }
            }
        }
        if (kind == SyncStateStore.MD5) {
            return part.digest();
        }
        if (inPart > 0) {
            whole.update(part.digest());
        }
        return whole.digest();
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5, which every Java platform must provide", e);
        }
    }
}
