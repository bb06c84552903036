package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.TransferException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What earlier syncs of one (local folder, project folder) pair learned, per relative path: the local
 * fingerprint (size, mtime) last seen, whether the file was then in sync and with which remote ETag, and
 * the local content hash (MD5 or a multipart ETag digest) for that fingerprint.
 *
 * <p>Memory is a flat open-addressing table of 9 longs per path (the path itself is kept only as a
 * 64-bit hash), so 100,000 files cost about 9 MiB. On disk it is an append-only log of fixed-size,
 * CRC-checked records (a torn or corrupt tail is ignored: the store is a cache, losing it only costs
 * re-reading), compacted when a complete sync ends. The file starts with {@code ICASYNC} and one character for
 * its format, {@code 1} for this one; later formats count on ({@code 2}..{@code 9}, then {@code A}..{@code Z}),
 * and such a file is left alone: rewriting it would destroy what a newer ica-sdk keeps there. Holds no secrets.
 * Thread-safe.
 */
final class SyncStateStore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncStateStore.class);
    private static final byte[] MAGIC = "ICASYNC1".getBytes(StandardCharsets.US_ASCII);
    /** Where the header's format character is. */
    private static final int FORMAT = MAGIC.length - 1;
    private static final int FIELDS = 9;
    private static final int RECORD_BYTES = FIELDS * Long.BYTES + Long.BYTES; // + CRC
    private static final int FLUSH_EVERY = 512;

    // field offsets
    private static final int KEY = 0;
    private static final int SIZE = 1;
    private static final int MTIME = 2;
    private static final int FLAGS = 3;
    private static final int ETAG = 4;
    private static final int DIGEST_KIND = 5;
    private static final int DIGEST_HI = 6;
    private static final int DIGEST_LO = 7;
    /** Change time (nanoseconds) of the file when its digest was computed; 0 when unknown. */
    private static final int DIGEST_CTIME = 8;

    private static final long SYNCED = 1;
    private static final long SEEN = 2;

    /** DIGEST_KIND value of a whole-file MD5; a positive value is the part size of a multipart digest. */
    static final long MD5 = -1;

    /** A snapshot of one path's state. */
    record State(long sizeInBytes, long mtimeMillis, boolean synced, long remoteEtagHash,
                 long digestKind, long digestHi, long digestLo, long digestCtimeNanos) {
        boolean matches(long size, long mtime) {
            return sizeInBytes == size && mtimeMillis == mtime;
        }
    }

    private final Path file;
    private boolean readOnly;
    private long[] table;
    private int count;
    private FileChannel log;
    /** The run's hold on the target (null for read-only and in-memory stores). */
    private java.nio.channels.FileLock lock;
    private ByteBuffer pending = ByteBuffer.allocate(RECORD_BYTES * FLUSH_EVERY);
    /** Whether the file held bytes {@link #load} could not read (a bad header, a torn or corrupt record). */
    private boolean damaged;
    /** How paths become keys (see {@link #foldKeys}); as they are by default. */
    private java.util.function.UnaryOperator<String> fold = k -> k;

    private SyncStateStore(Path file) {
        this.file = file;
        this.table = new long[1024 * FIELDS];
    }

    /** A store that lives only in memory (dry runs, tests). */
    static SyncStateStore inMemory() {
        return new SyncStateStore(null);
    }

    /**
     * Opens (or creates) the store file, loading its valid records.
     *
     * @throws IOException if the file cannot be created or opened for appending
     * @throws TransferException if a newer version of ica-sdk wrote the file (left as it is)
     */
    static SyncStateStore open(Path file) throws IOException {
        SyncStateStore store = new SyncStateStore(file);
        Files.createDirectories(file.getParent());
        store.lock();
        try {
            store.load();
            store.openLog();
        } catch (IOException | RuntimeException e) {
            store.unlock();
            throw e;
        }
        return store;
    }

    /**
     * Another run holds the state of this sync target: an upload and a download sync of one folder pair share it
     * (their journals differ), and one's compaction would drop what the other recorded.
     */
    static final class Busy extends IOException {
        private static final long serialVersionUID = 1L;

        Busy(Path lockFile) {
            super("another sync of the same local folder and project folder holds its state (" + lockFile + ")");
        }
    }

    /** How long a run waits for another run in this JVM (a cancelled one still winding down) to let go. */
    static final long SAME_JVM_WAIT_MILLIS = 60_000;

    /**
     * Holds the target's lock file (beside the state file, which compaction replaces) for the whole run, waiting
     * up to {@link #SAME_JVM_WAIT_MILLIS} for a run in this JVM to end; a run in another process fails it at once.
     */
    private void lock() throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            restrictPermissions(lockFile);
            long deadline = System.nanoTime() + SAME_JVM_WAIT_MILLIS * 1_000_000;
            java.nio.channels.FileLock held = null;
            while (held == null) {
                try {
                    held = channel.tryLock();
                    if (held == null) {
                        throw new Busy(lockFile); // another process
                    }
                } catch (java.nio.channels.OverlappingFileLockException e) { // a run in this JVM
                    if (System.nanoTime() > deadline) {
                        throw new Busy(lockFile);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("Interrupted while waiting for " + lockFile);
                    }
                }
            }
            lock = held;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void unlock() {
        java.nio.channels.FileLock held = lock;
        lock = null;
        if (held != null) {
            try {
                held.channel().close(); // releases the lock
            } catch (IOException e) {
                LOG.debug("Could not release the sync state lock of {}: {}", file, e.toString());
            }
        }
    }

    /**
     * Loads the store file (if any) but never writes it (dry runs).
     *
     * @throws TransferException if a newer version of ica-sdk wrote the file
     */
    static SyncStateStore readOnly(Path file) throws IOException {
        SyncStateStore store = new SyncStateStore(file);
        store.readOnly = true;
        store.load();
        return store;
    }

    /** A file name for the state of one sync target, derived from what identifies it. */
    static String fileNameFor(String targetKey) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(targetKey.getBytes(StandardCharsets.UTF_8));
            return "sync-" + java.util.HexFormat.of().formatHex(d, 0, 16) + ".state";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            if (ofALaterFormat(all)) {
                throw new TransferException("The sync state " + file + " was written by a newer version of ica-sdk"
                        + " (format " + (char) all[FORMAT] + "), which this version cannot read; it was left as it is."
                        + " Run the sync with that newer version, or delete the file to start the sync state afresh"
                        + " (the next sync then compares every file again).");
            }
            LOG.debug("Ignoring unreadable sync state {}", file);
            damaged = true;
            return;
        }
        damaged = (all.length - MAGIC.length) % RECORD_BYTES != 0; // a torn last record
        ByteBuffer buf = ByteBuffer.wrap(all, MAGIC.length, all.length - MAGIC.length);
        int capacity = table.length / FIELDS;
        while (capacity * 3L < buf.remaining() / RECORD_BYTES * 4L) { // room for every record: no regrowing
            capacity *= 2;
        }
        table = new long[capacity * FIELDS];
        long[] record = new long[FIELDS];
        CRC32C crc = new CRC32C();
        while (buf.remaining() >= RECORD_BYTES) {
            int start = buf.position();
            for (int i = 0; i < FIELDS; i++) {
                record[i] = buf.getLong();
            }
            long stored = buf.getLong();
            crc.reset();
            crc.update(all, start, FIELDS * Long.BYTES);
            if (crc.getValue() != stored) {
                LOG.debug("Sync state {} has a corrupt record at byte {}; ignoring the rest", file, start);
                damaged = true;
                break;
            }
            record[FLAGS] &= ~SEEN;
            int slot = slotFor(record[KEY]);
            if (table[slot + KEY] == 0) {
                count++;
            }
            System.arraycopy(record, 0, table, slot, FIELDS);
            maybeGrow();
        }
    }

    /** Whether the header is {@code ICASYNC} with the character of a format after this one. */
    private static boolean ofALaterFormat(byte[] all) {
        if (all.length < MAGIC.length || !java.util.Arrays.equals(all, 0, FORMAT, MAGIC, 0, FORMAT)) {
            return false;
        }
        byte format = all[FORMAT];
        return format > MAGIC[FORMAT] && format <= '9' || format >= 'A' && format <= 'Z';
    }

    /**
     * Opens the file for appending; a new file, or one with bytes that {@link #load} could not read, is first
     * written afresh from what was read: records appended behind a torn or corrupt one would never be read.
     */
    private void openLog() throws IOException {
        if (damaged || !Files.exists(file)) {
            rewrite(false);
            damaged = false;
        }
        log = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Folds the paths the store is given from now on (a download to a file system that keeps {@code Data/y} and
     * {@code data/y} as one file records and finds it under one key, whichever spelling a run pairs).
     */
    synchronized void foldKeys(java.util.function.UnaryOperator<String> fold) {
        this.fold = fold;
    }

    private long keyHash(String key) {
        return hash(fold.apply(key));
    }

    /** The state recorded for a path, or null. */
    synchronized State get(String key) {
        int slot = slotFor(keyHash(key));
        if (table[slot + KEY] == 0) {
            return null;
        }
        return new State(table[slot + SIZE], table[slot + MTIME], (table[slot + FLAGS] & SYNCED) != 0,
                table[slot + ETAG], table[slot + DIGEST_KIND], table[slot + DIGEST_HI], table[slot + DIGEST_LO],
                table[slot + DIGEST_CTIME]);
    }

    /** Notes that the path exists on the source in this run (compaction keeps only those). */
    synchronized void markSeen(String key) {
        int slot = slotFor(keyHash(key));
        if (table[slot + KEY] != 0) {
            table[slot + FLAGS] |= SEEN;
        }
    }

    /**
     * Records that the local file with this fingerprint is in sync with the remote object.
     *
     * @param remoteEtag the remote ETag if known, else null (learned on a later run)
     */
    synchronized void markSynced(String key, long size, long mtime, String remoteEtag) {
        int slot = slotForUpdate(key, size, mtime);
        table[slot + FLAGS] |= SYNCED | SEEN;
        String etag = ChangeDetector.normalizeEtag(remoteEtag); // as the next sync compares it
        table[slot + ETAG] = etag == null ? 0 : etagHash(etag);
        append(slot);
    }

    /** Forgets that the path was in sync (keeps any hash of the same fingerprint). */
    synchronized void markUnsynced(String key) {
        int slot = slotFor(keyHash(key));
        if (table[slot + KEY] != 0 && (table[slot + FLAGS] & SYNCED) != 0) {
            table[slot + FLAGS] &= ~SYNCED;
            table[slot + ETAG] = 0;
            append(slot);
        }
    }

    /**
     * Caches a content digest ({@link #MD5} or a multipart part size) for this fingerprint and change time
     * (the change time catches content rewritten with the old size and mtime restored).
     */
    synchronized void putDigest(String key, long size, long mtime, long ctimeNanos, long kind, byte[] digest) {
        int slot = slotForUpdate(key, size, mtime);
        table[slot + FLAGS] |= SEEN;
        table[slot + DIGEST_KIND] = kind;
        table[slot + DIGEST_CTIME] = ctimeNanos;
        ByteBuffer b = ByteBuffer.wrap(digest);
        table[slot + DIGEST_HI] = b.getLong();
        table[slot + DIGEST_LO] = b.getLong();
        append(slot);
    }

    /** The slot of a key whose fingerprint is (size, mtime); facts of another fingerprint are dropped. */
    private int slotForUpdate(String key, long size, long mtime) {
        long h = keyHash(key);
        int slot = slotFor(h);
        if (table[slot + KEY] == 0) {
            table[slot + KEY] = h;
            count++;
            table[slot + SIZE] = size;
            table[slot + MTIME] = mtime;
            if (maybeGrow()) {
                slot = slotFor(h);
            }
        } else if (table[slot + SIZE] != size || table[slot + MTIME] != mtime) {
            table[slot + SIZE] = size;
            table[slot + MTIME] = mtime;
            table[slot + FLAGS] = 0;
            table[slot + ETAG] = 0;
            table[slot + DIGEST_KIND] = 0;
            table[slot + DIGEST_HI] = 0;
            table[slot + DIGEST_LO] = 0;
            table[slot + DIGEST_CTIME] = 0;
        }
        return slot;
    }

    private void append(int slot) {
        if (file == null || readOnly) {
            return;
        }
        if (!pending.hasRemaining()) {
            flushPending();
        }
        CRC32C crc = new CRC32C();
        int start = pending.position();
        for (int i = 0; i < FIELDS; i++) {
            pending.putLong(table[slot + i]);
        }
        crc.update(pending.array(), start, FIELDS * Long.BYTES);
        pending.putLong(crc.getValue());
    }

    /** Writes buffered records to the file (not fsync'd: the store is a cache). */
    synchronized void flush() {
        flushPending();
    }

    private void flushPending() {
        if (log == null || pending.position() == 0) {
            pending.clear();
            return;
        }
        pending.flip();
        try {
            while (pending.hasRemaining()) {
                log.write(pending);
            }
        } catch (IOException e) {
            LOG.warn("Could not write sync state {}: {} (the next sync may compare more files)", file, e.toString());
        }
        pending.clear();
    }

    /**
     * Closes the store. With {@code compact}, rewrites the file keeping only paths seen in this run (use it
     * when the run saw the whole source tree).
     */
    synchronized void close(boolean compact) {
        flushPending();
        try {
            if (log != null) {
                log.close();
                log = null;
            }
            if (file != null && compact && !readOnly) {
                rewrite(true);
            }
        } catch (IOException e) {
            LOG.warn("Could not compact sync state {}: {}", file, e.toString());
        } finally {
            unlock();
        }
    }

    @Override
    public void close() {
        close(false);
    }

    synchronized int size() {
        return count;
    }

    private void rewrite(boolean onlySeen) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            restrictPermissions(tmp);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            buf.put(MAGIC);
            CRC32C crc = new CRC32C();
            for (int slot = 0; slot < table.length; slot += FIELDS) {
                if (table[slot + KEY] == 0 || (onlySeen && (table[slot + FLAGS] & SEEN) == 0)) {
                    continue;
                }
                if (buf.remaining() < RECORD_BYTES) {
                    writeFully(out, buf);
                }
                int start = buf.position();
                for (int i = 0; i < FIELDS; i++) {
                    buf.putLong(table[slot + i]);
                }
                crc.reset();
                crc.update(buf.array(), start, FIELDS * Long.BYTES);
                buf.putLong(crc.getValue());
            }
            writeFully(out, buf);
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
    }

    private static void restrictPermissions(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the default permissions stand
        }
    }

    private int slotFor(long h) {
        int capacity = table.length / FIELDS;
        int i = (int) (mix(h) & (capacity - 1));
        while (true) {
            int slot = i * FIELDS;
            long k = table[slot + KEY];
            if (k == 0 || k == h) {
                return slot;
            }
            i = (i + 1) & (capacity - 1);
        }
    }

    private boolean maybeGrow() {
        int capacity = table.length / FIELDS;
        if (count * 4L < capacity * 3L) {
            return false;
        }
        long[] old = table;
        table = new long[old.length * 2];
        for (int slot = 0; slot < old.length; slot += FIELDS) {
            if (old[slot + KEY] != 0) {
                System.arraycopy(old, slot, table, slotFor(old[slot + KEY]), FIELDS);
            }
        }
        return true;
    }

    /** 64-bit hash of a relative path (never 0, which marks an empty slot). */
    static long hash(String s) {
        return hash("", s);
    }

    /** The hash of an ETag as the store keeps it: {@code hash("etag:" + etag)}. */
    static long etagHash(String etag) {
        return hash("etag:", etag);
    }

    /** {@code hash(prefix + s)} without building that string (a sync hashes every remote ETag). */
    private static long hash(String prefix, String s) {
        long h = fnv(0xcbf29ce484222325L, prefix);
        h = fnv(h, s);
        h = mix(h ^ (prefix.length() + s.length()));
        return h == 0 ? 1 : h;
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
