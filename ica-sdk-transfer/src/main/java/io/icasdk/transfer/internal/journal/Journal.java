package io.icasdk.transfer.internal.journal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint of one transfer job: an append-only file of small records, one line each, that lets
 * a re-run of the same job (after a crash, a kill -9 or a cancel) skip finished files and continue
 * half-finished ones from their finished parts.
 *
 * <p>Format: {@code <crc32c hex>|<type>|<field>|...\n}, fields percent-escaped. A last line that is
 * torn (no newline) or whose CRC does not match is dropped and cut off when the journal is opened; so are
 * the lines after an unreadable one, which may depend on it (logged as damage).
 * Records that a resume cannot do without (a multipart upload id, before its first part is sent; a
 * pinned download) are forced to disk; the others reach the OS at once (so they survive a killed
 * process) and the disk at the next force (at most about a second later, and at close).
 *
 * <p>The journal never holds credentials: only paths, sizes, times, ETags, checksums, upload ids and
 * data ids. The folder is created owner-only (0700), the file owner-only (0600). An exclusive file
 * lock keeps two runs of the same job apart; a completed job's journal is marked so (a last record
 * {@code C}) and deleted while still locked, and a run that gets hold of such a file starts afresh.
 * Thread-safe.
 */
public final class Journal implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final String VERSION = "v1";
    private static final long LAZY_FORCE_INTERVAL_NANOS = 1_000_000_000L;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /**
     * The last record of a journal whose job completed, written just before the file is deleted. Its empty
     * second field lets readers that predate it skip it as a record of an unknown type.
     */
    private static final String[] COMPLETED = {"C", ""};
    /** How long an open waits for a run of the same job in this JVM to let go (a cancelled run winding down). */
    private static final long SAME_JVM_WAIT_SECONDS = 60;
    /** Journals open in this JVM; completed when closed. */
    private static final ConcurrentHashMap<Path, CompletableFuture<Void>> OPEN = new ConcurrentHashMap<>();
    /** What the journal's file channel is wrapped in: a seam for tests that make its writes fail. */
    static volatile java.util.function.UnaryOperator<FileChannel> channels = c -> c;

    private final Path file;
    private final JobKey key;
    /** {@code key.id()}, computed once: a SHA-256 that per-file code asks for. */
    private final String keyId;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, MutableEntry> entries = new HashMap<>();
    /** Multipart uploads to abort, by path ({@link #abortDue}): apart from the entries, which a new start resets. */
    private final Map<String, Set<String>> abortsDue = new TreeMap<>();
    private final boolean hadHistory;
    private CompletableFuture<Void> released;
    private long lastForceNanos = System.nanoTime();
    private boolean dirty;
    private boolean closed;
    /**
     * Where the line of a write that failed begins (a full disk may have taken part of it), until it is cut off;
     * else -1. Nothing may follow a torn line: the next run would drop it and every record after it as damage.
     */
    private long tornAt = -1;

    private Journal(Path file, JobKey key, FileChannel channel, FileLock lock, boolean hadHistory) {
        this.file = file;
        this.key = key;
        this.keyId = key.id();
        this.channel = channel;
        this.lock = lock;
        this.hadHistory = hadHistory;
    }

    /**
     * Opens (or creates) the journal of a job in a folder.
     *
     * @throws JournalBusyException when another run of the same job holds the journal
     * @throws IOException          when the folder or file cannot be created, read or locked
     */
    public static Journal open(Path directory, JobKey key) throws IOException {
        return open(directory, key, java.time.Duration.ofSeconds(SAME_JVM_WAIT_SECONDS));
    }

    /**
     * Opens (or creates) the journal of a job, waiting up to {@code sameJvmWait} for a run of the same
     * job in this JVM (e.g. a cancelled one still winding down) to close it.
     *
     * @throws JournalBusyException when another run of the same job holds the journal
     * @throws IOException          when the folder or file cannot be created, read or locked
     */
    public static Journal open(Path directory, JobKey key, java.time.Duration sameJvmWait) throws IOException {
        createPrivateDirectory(directory);
        Path file = directory.resolve(key.id() + ".journal").toAbsolutePath().normalize();
        CompletableFuture<Void> mine = new CompletableFuture<>();
        long deadline = System.nanoTime() + sameJvmWait.toNanos();
        CompletableFuture<Void> other;
        while ((other = OPEN.putIfAbsent(file, mine)) != null) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw busy(file);
                }
                other.get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw busy(file);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("Interrupted while waiting for journal " + file);
            } catch (java.util.concurrent.ExecutionException e) {
                // released anyway
            }
        }
        try {
            Journal j = openLocked(file, key, false);
            if (j == null) { // a run of the job completed as this one opened its file: open the file there now
                j = openLocked(file, key, true);
            }
            j.released = mine;
            return j;
        } catch (IOException | RuntimeException e) {
            OPEN.remove(file, mine);
            mine.complete(null);
            throw e;
        }
    }

    /** What completes when the run that holds {@code file} in this JVM lets go of it, or null: a seam for tests. */
    static CompletableFuture<Void> releaseOf(Path file) {
        return OPEN.get(file);
    }

    /** Whether a journal of this job is in the folder (an interrupted or failed run left it). */
    public static boolean exists(Path directory, JobKey key) {
        return Files.exists(directory.resolve(key.id() + ".journal"));
    }

    private static JournalBusyException busy(Path file) {
        return new JournalBusyException("Another run of the same transfer is in progress (journal " + file
                + " is locked). Wait for it to finish or cancel it, then try again.");
    }

    /**
     * Opens and locks the journal file, or returns null (unless {@code lastAttempt}) when the file it got is
     * that of a run that completed meanwhile: marked completed, and deleted or about to be.
     */
    private static Journal openLocked(Path file, JobKey key, boolean lastAttempt) throws IOException {
        FileChannel channel = channels.apply(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        try {
            try {
                restrictToOwner(file);
            } catch (NoSuchFileException e) { // deleted since it was opened: a run completed just then
                if (lastAttempt) {
                    throw e;
                }
                channel.close();
                return null;
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw busy(file);
            }
            // Read under the lock whatever was there (a new file is empty): the file may have been created, or
            // completed, by another run between a check for it and this open.
            Journal journal = load(file, key, channel, lock, lastAttempt);
            if (journal == null) {
                channel.close();
            }
            return journal;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Journal load(Path file, JobKey key, FileChannel channel, FileLock lock, boolean lastAttempt)
            throws IOException {
        long size = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16));
        channel.read(buffer, 0);
        byte[] bytes = buffer.array();
        List<String[]> records = new ArrayList<>();
        long validEnd = 0;
        int lineStart = 0;
        for (int i = 0; i < buffer.position(); i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String[] record = parseLine(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
            if (record == null) {
                break;
            }
            records.add(record);
            lineStart = i + 1;
            validEnd = lineStart;
        }
        boolean headerMatches = !records.isEmpty() && headerMatches(records.get(0), key);
        boolean completed = headerMatches && records.get(records.size() - 1)[0].equals(COMPLETED[0]);
        if (completed && !lastAttempt) {
            return null; // deleted under its lock by now (see completeAndDelete): the caller opens afresh
        }
        Journal journal;
        if (!headerMatches || completed) {
            if (completed) { // still there: its run could not delete it (or died just before)
                log.info("Journal {} is that of a run that completed; starting the job afresh", file);
            } else if (!records.isEmpty() || size > 0) {
                log.warn("Journal {} does not belong to this job or is unreadable; starting the job afresh", file);
            }
            channel.truncate(0);
            journal = new Journal(file, key, channel, lock, false);
            journal.appendHeader();
            return journal;
        }
        if (validEnd < size) {
            // The replay stops at the first unreadable record: what follows may depend on it (a new start or pin
            // forgets earlier progress), and the records before it are a state the job really was in. A killed
            // process can tear only its last record; more lines after it mean a power loss before the next
            // force (which keeps the forced records and everything before them) or a damaged file: said so.
            int linesAfter = 0;
            for (int i = (int) validEnd; i < buffer.position() - 1; i++) {
                if (bytes[i] == '\n') {
                    linesAfter++;
                }
            }
            if (linesAfter == 0) {
                log.info("Journal {}: dropped a torn last record ({} bytes)", file, size - validEnd);
            } else {
                log.warn("Journal {} is damaged: its line {} is unreadable; the job resumes from the lines before it,"
                        + " and the {} lines after it are dropped ({} bytes)", file, records.size() + 1, linesAfter,
                        size - validEnd);
            }
            channel.truncate(validEnd);
            channel.force(false);
        }
        journal = new Journal(file, key, channel, lock, records.size() > 1);
        for (String[] record : records.subList(1, records.size())) {
            if (!record[0].equals(COMPLETED[0])) {
                journal.apply(record);
            }
        }
        channel.position(validEnd);
        return journal;
    }

    private static boolean headerMatches(String[] header, JobKey key) {
        String[] fields = key.fields();
        if (header.length != fields.length + 2 || !header[0].equals("J") || !header[1].equals(VERSION)) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (!fields[i].equals(header[i + 2])) {
                return false;
            }
        }
        return true;
    }

    /** The journal's file. */
    public Path file() {
        return file;
    }

    /** The job this journal belongs to. */
    public JobKey key() {
        return key;
    }

    /** The id of the job this journal belongs to ({@link JobKey#id()}). */
    public String keyId() {
        return keyId;
    }

    /** Whether the journal held file records from an earlier run when it was opened. */
    public boolean hadHistory() {
        return hadHistory;
    }

    /** What the journal knows about a file, or null. */
    public synchronized JournalEntry entry(String path) {
        MutableEntry e = entries.get(path);
        return e == null ? null : e.snapshot();
    }

    /** Whether the journal records nothing about any file (no progress, no multipart upload to abort). */
    public synchronized boolean isEmpty() {
        return entries.isEmpty() && abortsDue.isEmpty();
    }

    /**
     * The multipart uploads given up whose abort failed ({@link #abortDue}) and that no run has aborted since, by
     * path (a copy): S3 keeps their parts until one does.
     */
    public synchronized Map<String, Set<String>> abortsDue() {
        Map<String, Set<String>> out = new TreeMap<>();
        abortsDue.forEach((path, ids) -> out.put(path, new TreeSet<>(ids)));
        return out;
    }

    /** What the journal knows about each file it records as started and not finished, by path (a copy). */
    public synchronized Map<String, JournalEntry> unfinished() {
        Map<String, JournalEntry> out = new HashMap<>();
        for (MutableEntry e : entries.values()) {
            if (!e.done) {
                out.put(e.path, e.snapshot());
            }
        }
        return out;
    }

    /** Number of files the journal records as done. */
    public synchronized int doneCount() {
        int n = 0;
        for (MutableEntry e : entries.values()) {
            if (e.done) {
                n++;
            }
        }
        return n;
    }

    /** A file was started with this source fingerprint (and, for file-scoped uploads, this data id). */
    public void fileStarted(String path, String fingerprint, String dataIdOrNull) {
        append(false, "S", path, fingerprint, nullToEmpty(dataIdOrNull));
    }

    /** A multipart upload was created; forced to disk before the first part is sent. */
    public void multipartStarted(String path, String fingerprint, String uploadId, long partSize) {
        append(true, "M", path, fingerprint, uploadId, Long.toString(partSize));
    }

    /** A download was pinned to a remote ETag into a temporary file; forced to disk. */
    public void downloadStarted(String path, String fingerprint, String etag, long rangeSize, String tempFileName) {
        append(true, "R", path, fingerprint, nullToEmpty(etag), Long.toString(rangeSize), tempFileName);
    }

    /**
     * A finished download is about to be put in place of its target ({@code targetName}, in the same folder): what
     * the target then is, so that a rerun after a kill between that step and {@link #fileDone} knows the file as
     * the job's own. Forced to disk when {@code force} (when the file itself was forced).
     *
     * @param modified the modification time the file has (as {@link java.time.Instant#toString})
     * @param fileKey  what identifies the file on its file system ({@code BasicFileAttributes.fileKey()}), or null
     */
    public void downloadPlacing(String path, String fingerprint, String targetName, long size, String modified,
                                String fileKey, boolean force) {
        append(force, "T", path, fingerprint, targetName, Long.toString(size), modified, nullToEmpty(fileKey));
    }

    /** A part (upload) or range (download) finished (a range: its bytes are on disk). */
    public void partDone(String path, PartRecord part) {
        append(false, "P", path, Integer.toString(part.number()), Long.toString(part.length()),
                nullToEmpty(part.etag()), nullToEmpty(part.checksum()));
    }

    /**
     * A range of a download was written, with the digest that can check it, but not yet forced to disk:
     * until {@link #partsForced} follows, a resume after a power loss checks its bytes against that digest.
     */
    public void partWritten(String path, PartRecord part) {
        append(false, "Q", path, Integer.toString(part.number()), Long.toString(part.length()),
                nullToEmpty(part.etag()), nullToEmpty(part.checksum()));
    }

    /** These ranges of the file (written as {@link #partWritten}) are forced to disk. */
    public void partsForced(String path, List<Integer> numbers) {
        StringBuilder list = new StringBuilder();
        for (int n : numbers) {
            list.append(list.length() == 0 ? "" : ",").append(n);
        }
        append(false, "F", path, list.toString());
    }

    /** A file finished. */
    public void fileDone(String path, String fingerprint) {
        append(false, "D", path, fingerprint);
    }

    /**
     * A multipart upload of the file was given up (its source changed) and could not be aborted: a later run
     * aborts it ({@link #abortsDue}). Kept whatever becomes of the file's progress.
     */
    public void abortDue(String path, String uploadId) {
        append(false, "A", path, uploadId);
    }

    /** A multipart upload recorded by {@link #abortDue} is aborted now (or gone). */
    public void abortDone(String path, String uploadId) {
        append(false, "B", path, uploadId);
    }

    /** A file's progress is void (its source changed, or its upload vanished): it starts over. */
    public void fileReset(String path) {
        append(false, "X", path);
    }

    /** Forces everything written so far to disk. */
    public synchronized void sync() {
        if (closed || !dirty) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
            lastForceNanos = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the transfer journal " + file, e);
        }
    }

    /**
     * The job finished: deletes the journal and closes it. Does nothing once the journal is closed (its file
     * may then be another run's).
     *
     * <p>The file is marked completed and deleted while this run still holds its lock: a rerun that opens it
     * at that moment, and locks it once this run lets go, finds the mark and opens the file at the path
     * instead. Deleting it after the lock was released let such a rerun resume the finished job in a file
     * that was then deleted under it, its records lost. Where an open file cannot be deleted, it is deleted
     * after closing.
     */
    public synchronized void completeAndDelete() throws IOException {
        if (closed) {
            return;
        }
        boolean deleted = false;
        try {
            writeLine(COMPLETED);
            Files.delete(file);
            deleted = true;
        } catch (IOException e) {
            log.debug("Journal {}: deleting it after closing it ({})", file, e.toString());
        } finally {
            close();
        }
        if (!deleted) {
            Files.deleteIfExists(file);
        }
    }

    /** Closes the journal, keeping it for a later resume. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (dirty) {
                channel.force(false);
            }
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            closed = true;
            try {
                channel.close();
            } finally {
                if (released != null) {
                    OPEN.remove(file, released);
                    released.complete(null);
                }
            }
        }
    }

    private void appendHeader() throws IOException {
        String[] fields = key.fields();
        String[] header = new String[fields.length + 2];
        header[0] = "J";
        header[1] = VERSION;
        System.arraycopy(fields, 0, header, 2, fields.length);
        writeLine(header);
        channel.force(false);
    }

    private synchronized void append(boolean force, String... record) {
        if (closed) {
            throw new IllegalStateException("Journal " + file + " is closed");
        }
        try {
            writeLine(record);
            apply(record);
            dirty = true;
            long now = System.nanoTime();
            if (force || now - lastForceNanos > LAZY_FORCE_INTERVAL_NANOS) {
                channel.force(false);
                dirty = false;
                lastForceNanos = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the transfer journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeLine(String[] record) throws IOException {
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < record.length; i++) {
            if (i > 0) {
                payload.append('|');
            }
            escape(record[i], payload);
        }
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer line = ByteBuffer.allocate(9 + body.length + 1); // "%08x|" of the CRC, the body, '\n'
        long value = crc.getValue();
        for (int shift = 28; shift >= 0; shift -= 4) {
            line.put(HEX_DIGITS[(int) (value >>> shift) & 0xf]);
        }
        line.put((byte) '|').put(body).put((byte) '\n').flip();
        if (tornAt >= 0) {
            channel.truncate(tornAt);
            channel.position(tornAt);
        }
        tornAt = channel.position();
        while (line.hasRemaining()) {
            channel.write(line);
        }
        tornAt = -1;
    }

    private void apply(String[] r) {
        String type = r[0];
        String path = r[1];
        switch (type) {
            case "S" -> {
                MutableEntry e = fresh(path, r[2]);
                e.dataId = emptyToNull(r[3]);
                e.placement = null;
            }
            case "M" -> {
                MutableEntry e = keep(path, r[2]);
                e.uploadId = r[3];
                e.partSize = Long.parseLong(r[4]);
                e.parts.clear();
                e.unforced.clear();
            }
            case "R" -> {
                MutableEntry e = keep(path, r[2]);
                e.etag = emptyToNull(r[3]);
                e.partSize = Long.parseLong(r[4]);
                e.tempFileName = r[5];
                e.placement = null;
                e.parts.clear();
                e.unforced.clear();
            }
            case "P", "Q" -> {
                MutableEntry e = entries.computeIfAbsent(path, MutableEntry::new);
                int number = Integer.parseInt(r[2]);
                e.parts.put(number, new PartRecord(number, Long.parseLong(r[3]), emptyToNull(r[4]),
                        emptyToNull(r[5])));
                if (type.equals("Q")) {
                    e.unforced.add(number);
                } else {
                    e.unforced.remove(number);
                }
            }
            case "F" -> {
                MutableEntry e = entries.get(path);
                if (e != null && !r[2].isEmpty()) {
                    for (String n : r[2].split(",")) {
                        e.unforced.remove(Integer.parseInt(n));
                    }
                }
            }
            case "T" -> keep(path, r[2]).placement = new JournalEntry.Placement(r[3], Long.parseLong(r[4]), r[5],
                    emptyToNull(r[6]));
            case "D" -> {
                MutableEntry e = entries.computeIfAbsent(path, MutableEntry::new);
                e.fingerprint = r[2];
                e.done = true;
                e.placement = null;
            }
            case "X" -> entries.remove(path);
            case "A" -> abortsDue.computeIfAbsent(path, p -> new TreeSet<>()).add(r[2]);
            case "B" -> {
                Set<String> ids = abortsDue.get(path);
                if (ids != null && ids.remove(r[2]) && ids.isEmpty()) {
                    abortsDue.remove(path);
                }
            }
            default -> log.debug("Journal {}: skipping unknown record type {}", file, type);
        }
    }

    /** A new start of a file: keeps earlier progress only when the fingerprint is unchanged. */
    private MutableEntry fresh(String path, String fingerprint) {
        MutableEntry e = entries.get(path);
        if (e == null || !fingerprint.equals(e.fingerprint)) {
            e = new MutableEntry(path);
            e.fingerprint = fingerprint;
            entries.put(path, e);
        }
        e.done = false;
        return e;
    }

    private MutableEntry keep(String path, String fingerprint) {
        MutableEntry e = entries.computeIfAbsent(path, MutableEntry::new);
        e.fingerprint = fingerprint;
        e.done = false;
        return e;
    }

    private static String[] parseLine(String line) {
        int bar = line.indexOf('|');
        if (bar != 8) {
            return null;
        }
        String body = line.substring(9);
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        long expected;
        try {
            expected = Long.parseLong(line.substring(0, 8), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        if (crc.getValue() != expected) {
            return null;
        }
        String[] raw = body.split("\\|", -1);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = unescape(raw[i]);
        }
        if (!isWellFormed(raw)) {
            return null;
        }
        return raw;
    }

    private static boolean isWellFormed(String[] r) {
        int expected = switch (r[0]) {
            case "J" -> r.length;
            case "S" -> 4;
            case "M" -> 5;
            case "R" -> 6;
            case "T" -> 7;
            case "P", "Q" -> 6;
            case "F" -> 3;
            case "D" -> 3;
            case "X" -> 2;
            case "A", "B" -> 3;
            case "C" -> COMPLETED.length;
            default -> r.length;
        };
        return r.length == expected;
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '|' -> out.append("%7C");
                case '\n' -> out.append("%0A");
                case '\r' -> out.append("%0D");
                default -> out.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Creates a folder for journals (owner-only) when missing, with its parents.
     *
     * @throws JournalUnavailableException when it cannot be created, saying which folder and what to do
     */
    public static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory.getParent() == null ? directory : directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE)));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) { // else created concurrently
                throw unavailable(directory, e);
            }
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw unavailable(directory, e);
        }
    }

    private static JournalUnavailableException unavailable(Path directory, IOException e) {
        return new JournalUnavailableException("Cannot create the journal folder " + directory + " ("
                + e.getClass().getSimpleName().replace("Exception", "") + (e.getMessage() == null ? ""
                : ": " + e.getMessage()) + "). Choose a writable one: TransferManager.Builder.journalDirectory,"
                + " or ica --journal-dir", e);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's default ACLs apply
        }
    }

    private static final class MutableEntry {
        final String path;
        String fingerprint;
        boolean done;
        String uploadId;
        long partSize;
        String etag;
        String tempFileName;
        String dataId;
        JournalEntry.Placement placement;
        final Map<Integer, PartRecord> parts = new TreeMap<>();
        final Set<Integer> unforced = new TreeSet<>();

        MutableEntry(String path) {
            this.path = path;
        }

        JournalEntry snapshot() {
            return new JournalEntry(path, fingerprint, done, uploadId, partSize, etag, tempFileName, dataId, placement,
                    parts, unforced);
        }
    }
}
