package io.icasdk.transfer.internal;

import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.internal.s3.Digest;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** Part checksums in S3's wire form, download digests, and ETag and composite-checksum arithmetic. Stateless. */
public final class Checksums {
    private Checksums() {}

    /** The base64 checksum S3 expects in {@code x-amz-checksum-*} for these bytes, or null for NONE. */
    public static String of(ChecksumMode mode, byte[] bytes, int offset, int length) {
        return of(Accumulator.of(mode), bytes, offset, length);
    }

    /**
     * The base64 checksum S3 expects in {@code x-amz-checksum-*} for the remaining bytes of a buffer (heap or
     * direct; its position does not move), or null for NONE.
     */
    public static String of(ChecksumMode mode, ByteBuffer bytes) {
        Accumulator a = Accumulator.of(mode);
        if (a == null) {
            return null;
        }
        a.update(bytes.duplicate());
        return a.finish();
    }

    /** The download digest of these bytes (CRCs in base64, MD5 in hex), or null for NONE. */
    public static String of(Digest digest, byte[] bytes, int offset, int length) {
        return of(Accumulator.of(digest), bytes, offset, length);
    }

    private static String of(Accumulator a, byte[] bytes, int offset, int length) {
        if (a == null) {
            return null;
        }
        a.update(bytes, offset, length);
        return a.finish();
    }

    /**
     * The checksum of {@code length} bytes of a file from {@code position}, read through {@code scratch}
     * (so a part of any size costs no more memory than the scratch buffer), or null for NONE.
     *
     * @throws EOFException when the file ends before
     */
    public static String of(ChecksumMode mode, FileChannel file, long position, long length, ByteBuffer scratch)
            throws IOException {
        Accumulator a = Accumulator.of(mode);
        return a == null ? null : of(a, file, position, length, scratch);
    }

    /**
     * The checksum or digest of {@code length} bytes of a file from {@code position}, read through
     * {@code scratch} (direct, from {@link ReadBuffers}, or heap).
     *
     * @throws EOFException when the file ends before
     */
    public static String of(Accumulator a, FileChannel file, long position, long length, ByteBuffer scratch)
            throws IOException {
        long done = 0;
        while (done < length) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), length - done));
            while (scratch.hasRemaining()) {
                if (file.read(scratch, position + done + scratch.position()) < 0) {
                    throw new EOFException("the file ended " + (length - done - scratch.position()) + " bytes early");
                }
            }
            scratch.flip();
            done += scratch.remaining();
            a.update(scratch);
        }
        return a.finish();
    }

    /** One running checksum: CRCs and SHA-256 in S3's wire form (base64), MD5 in hex. */
    public interface Accumulator {
        void update(byte[] bytes, int offset, int length);

        /** Takes all the remaining bytes of the buffer (direct or heap). */
        void update(ByteBuffer bytes);

        String finish();

        /** The accumulator of an upload checksum mode, or null for NONE. */
        static Accumulator of(ChecksumMode mode) {
            return switch (mode) {
                case NONE -> null;
                case CRC32 -> crc(new CRC32(), 4);
                case CRC32C -> crc(new CRC32C(), 4);
                case SHA256 -> hashing(Checksums.digest("SHA-256"), false);
            };
        }

        /** The accumulator of a download digest, or null for NONE (and for the choice left to a response). */
        static Accumulator of(Digest digest) {
            return switch (digest) {
                case MD5 -> hashing(md5(), true);
                case CRC32 -> crc(new CRC32(), 4);
                case CRC32C -> crc(new CRC32C(), 4);
                case CRC64NVME -> crc(new software.amazon.awssdk.crt.checksums.CRC64NVME(), 8);
                default -> null;
            };
        }

        private static Accumulator hashing(MessageDigest md, boolean hex) {
            return new Accumulator() {
                @Override
                public void update(byte[] bytes, int offset, int length) {
                    md.update(bytes, offset, length);
                }

                @Override
                public void update(ByteBuffer bytes) {
                    md.update(bytes);
                }

                @Override
                public String finish() {
                    byte[] d = md.digest();
                    return hex ? hex(d) : Base64.getEncoder().encodeToString(d);
                }
            };
        }

        private static Accumulator crc(Checksum crc, int widthInBytes) {
            // The JDK's CRCs read a direct buffer in place; others (the CRT's CRC64NVME) take arrays.
            boolean readsDirect = crc instanceof CRC32 || crc instanceof CRC32C;
            return new Accumulator() {
                private byte[] chunk;

                @Override
                public void update(byte[] bytes, int offset, int length) {
                    crc.update(bytes, offset, length);
                }

                @Override
                public void update(ByteBuffer bytes) {
                    if (readsDirect || bytes.hasArray()) {
                        crc.update(bytes);
                        return;
                    }
                    if (chunk == null) {
                        chunk = new byte[1 << 16];
                    }
                    while (bytes.hasRemaining()) {
                        int n = Math.min(chunk.length, bytes.remaining());
                        bytes.get(chunk, 0, n);
                        crc.update(chunk, 0, n);
                    }
                }

                @Override
                public String finish() {
                    return crcBase64(crc.getValue(), widthInBytes);
                }
            };
        }
    }

    /**
     * Whether CRC64NVME can be computed here: it comes from the CRT's native library, which does not load on
     * every platform (the Java S3 client works without it). Checked once.
     */
    public static boolean crc64nvmeAvailable() {
        return Crc64Probe.AVAILABLE;
    }

    private static final class Crc64Probe {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                new software.amazon.awssdk.crt.checksums.CRC64NVME().update(new byte[1], 0, 1);
                return true;
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }

    /**
     * The CRC of consecutive pieces of an object from the pieces' own CRCs and lengths: what S3 keeps as a
     * whole-object ("FULL_OBJECT") checksum, in base64.
     *
     * @param digest  CRC32, CRC32C or CRC64NVME
     * @param crcs    the pieces' CRCs in base64, in order (at least one)
     * @param lengths the pieces' lengths in bytes, in the same order
     */
    public static String combine(Digest digest, List<String> crcs, List<Long> lengths) {
        if (crcs.isEmpty() || crcs.size() != lengths.size()) {
            throw new IllegalArgumentException(crcs.size() + " CRCs for " + lengths.size() + " lengths");
        }
        CrcCombine math = switch (digest) {
            case CRC32 -> CrcCombine.CRC32;
            case CRC32C -> CrcCombine.CRC32C;
            case CRC64NVME -> CrcCombine.CRC64NVME;
            default -> throw new IllegalArgumentException("not a CRC: " + digest);
        };
        int width = digest == Digest.CRC64NVME ? 8 : 4;
        long crc = crcValue(crcs.get(0));
        for (int i = 1; i < crcs.size(); i++) {
            crc = math.combine(crc, crcValue(crcs.get(i)), lengths.get(i));
        }
        return crcBase64(crc, width);
    }

    private static long crcValue(String base64) {
        byte[] b = Base64.getDecoder().decode(base64);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }

    private static String crcBase64(long value, int bytes) {
        ByteBuffer out = ByteBuffer.allocate(8).putLong(value);
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(out.array(), 8 - bytes, 8));
    }

    /**
     * S3's composite checksum of an object uploaded in parts: the CRC of its parts' CRCs (their 4- or
     * 8-byte values one after the other), in base64, followed by {@code -<part count>}.
     *
     * @param digest   CRC32, CRC32C or CRC64NVME
     * @param partCrcs the parts' CRCs in base64, in part order
     */
    public static String composite(Digest digest, List<String> partCrcs) {
        Accumulator a = Accumulator.of(digest);
        if (a == null || digest == Digest.MD5) {
            throw new IllegalArgumentException("not a CRC: " + digest);
        }
        for (String crc : partCrcs) {
            byte[] b = Base64.getDecoder().decode(crc);
            a.update(b, 0, b.length);
        }
        return a.finish() + "-" + partCrcs.size();
    }

    /** A new MD5 digest. */
    public static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    /** An ETag without surrounding quotes (and without a weak-validator prefix), or null. */
    public static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.isEmpty() ? null : e;
    }

    /** An ETag in its quoted wire form, for {@code If-Match}. */
    public static String quote(String etag) {
        String bare = unquote(etag);
        return bare == null ? null : "\"" + bare + "\"";
    }

    /** Whether an ETag is a plain MD5 (32 hex digits). */
    public static boolean isPlainMd5(String etag) {
        String e = unquote(etag);
        return e != null && e.length() == 32 && e.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** The part count of a multipart ETag ({@code <md5>-<n>}), or 0 when it is not one. */
    public static int multipartCount(String etag) {
        String e = unquote(etag);
        if (e == null) {
            return 0;
        }
        int dash = e.lastIndexOf('-');
        if (dash != 32 || !isPlainMd5(e.substring(0, 32))) {
            return 0;
        }
        try {
            return Integer.parseInt(e.substring(dash + 1));
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    /** The multipart ETag ({@code md5(concat(part md5s))-n}) of parts with these hex MD5s. */
    public static String multipartEtag(List<String> partMd5Hex) {
        MessageDigest md5 = md5();
        for (String hex : partMd5Hex) {
            md5.update(HexFormat.of().parseHex(hex));
        }
        return HexFormat.of().formatHex(md5.digest()) + "-" + partMd5Hex.size();
    }

    /** Lower-case hex of a digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
