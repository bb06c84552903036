package io.icasdk.testkit.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's records: projects, project data, issued S3 credentials and folder upload sessions.
 * Thread-safe (one lock); persisted as JSON when a data directory is given.
 */
public final class EmulatorState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorState.class);

    /** The state file's mapper, loaded only when there is a state file (Jackson's start-up is not free). */
    private static final class Persistence {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** A project. */
    public static final class ProjectRec {
        public String id;
        public String name;
        public Instant timeCreated;
        public Instant timeModified;

        ProjectRec copy() {
            ProjectRec c = new ProjectRec();
            c.id = id; c.name = name; c.timeCreated = timeCreated; c.timeModified = timeModified;
            return c;
        }
    }

    /** A file or folder. path is the full path; folders end with '/'. */
    public static final class DataRec {
        public String id;
        public String projectId;
        public String name;
        public String path;
        public boolean folder;
        public String formatCode;
        public Instant timeCreated;
        public Instant timeModified;
        public Long sizeInBytes;
        public String objectETag;
        /** The size of the object's first part and how many it has, for an object written by a multipart upload. */
        public Long firstPartSize;
        public Integer partsCount;
        public Instant availableAt;
        public Instant storedAt;
        public String statusOverride;

        public String status(Instant now) {
            if (statusOverride != null) {
                return statusOverride;
            }
            if (folder) {
                return "AVAILABLE";
            }
            return availableAt != null && !now.isBefore(availableAt) ? "AVAILABLE" : "PARTIAL";
        }

        public String parentPath() {
            String p = folder ? path.substring(0, path.length() - 1) : path;
            return p.substring(0, p.lastIndexOf('/') + 1);
        }

        DataRec copy() {
            DataRec c = new DataRec();
            c.id = id; c.projectId = projectId; c.name = name; c.path = path; c.folder = folder;
            c.formatCode = formatCode; c.timeCreated = timeCreated; c.timeModified = timeModified;
            c.sizeInBytes = sizeInBytes; c.objectETag = objectETag; c.availableAt = availableAt;
            c.storedAt = storedAt; c.statusOverride = statusOverride;
            c.firstPartSize = firstPartSize; c.partsCount = partsCount;
            return c;
        }
    }

    /** An issued S3 credential: scoped to keyPrefix, optionally read-only, expiring. */
    public static final class GrantRec {
        public String accessKey;
        public String secretKey;
        public String sessionToken;
        public String projectId;
        public String keyPrefix;
        public boolean readOnly;
        /** DATA (temporary credentials), URL (a presigned URL's signing key) or ADMIN. */
        public String kind;
        public Instant issuedAt;
        public Instant expiresAt;
        public String sessionId;

        public boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }

        GrantRec copy() {
            GrantRec c = new GrantRec();
            c.accessKey = accessKey; c.secretKey = secretKey; c.sessionToken = sessionToken; c.projectId = projectId;
            c.keyPrefix = keyPrefix; c.readOnly = readOnly; c.kind = kind; c.issuedAt = issuedAt;
            c.expiresAt = expiresAt; c.sessionId = sessionId;
            return c;
        }
    }

    /** A folder upload session. */
    public static final class SessionRec {
        public String id;
        public String projectId;
        public String folderId;
        public String status;
        public Instant timeCreated;
        public Instant timeSessionExpires;
        public Instant timeCompleted;
        public Instant timeClosed;
        public String accessKey;
        public Set<String> uploadedFileIds = new LinkedHashSet<>();

        SessionRec copy() {
            SessionRec c = new SessionRec();
            c.id = id; c.projectId = projectId; c.folderId = folderId; c.status = status; c.timeCreated = timeCreated;
            c.timeSessionExpires = timeSessionExpires; c.timeCompleted = timeCompleted; c.timeClosed = timeClosed;
            c.accessKey = accessKey; c.uploadedFileIds = new LinkedHashSet<>(uploadedFileIds);
            return c;
        }
    }

    /** What is written to state.json. */
    public static final class Snapshot {
        public String apiKey;
        public String jwtSecret;
        public String defaultProjectId;
        public List<ProjectRec> projects = new ArrayList<>();
        public List<DataRec> data = new ArrayList<>();
        public List<GrantRec> grants = new ArrayList<>();
        public List<SessionRec> sessions = new ArrayList<>();
    }

    private final Object lock = new Object();
    private final Clock clock;
    private final FaultState faults;
    private final Map<String, ProjectRec> projects = new LinkedHashMap<>();
    private final Map<String, DataRec> data = new HashMap<>();
    /** projectId + path (the object key form) -> data id; sorted, so a folder's records are one range. */
    private final NavigableMap<String, String> byKey = new TreeMap<>();
    private final Map<String, GrantRec> grants = new ConcurrentHashMap<>();
    private final Map<String, SessionRec> sessions = new HashMap<>();
    private String apiKey;
    private String jwtSecret;
    private String defaultProjectId;

    private final Path stateFile;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** One writer at a time: close() must not return while the flusher is still writing. */
    private final Object flushLock = new Object();
    private final ScheduledExecutorService flusher;
    /** System.nanoTime() before which the flusher does not write (guarded by flushLock; read without it). */
    private volatile long nextFlushNanos;

    public EmulatorState(Clock clock, FaultState faults, Path stateFile) {
        this.clock = clock;
        this.faults = faults;
        this.stateFile = stateFile;
        if (stateFile != null) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ica-emulator-state-flush");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushIfDirty, 200, 200, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    public Instant now() {
        return clock.instant();
    }

    // ---------------------------------------------------------------- settings

    /** The default project's name when none is given. */
    public static final String DEFAULT_PROJECT_NAME = "demo";

    public String apiKey() { synchronized (lock) { return apiKey; } }
    public String jwtSecret() { synchronized (lock) { return jwtSecret; } }
    public String defaultProjectId() { synchronized (lock) { return defaultProjectId; } }

    /**
     * Reads the state file when there is one, then sets the values a fresh start needs, keeping persisted
     * ones unless an override is given: a project name given makes that project (found by name, or new) the
     * default one. Call once, before the servers take requests.
     *
     * @param projectNameOverride the default project's name, or null for the persisted one (else "demo")
     * @throws UncheckedIOException if the state file cannot be read
     */
    public void initialise(String apiKeyOverride, String projectNameOverride) {
        synchronized (lock) {
            if (stateFile != null && Files.exists(stateFile)) {
                load(stateFile);
            }
            if (apiKeyOverride != null) {
                apiKey = apiKeyOverride;
            } else if (apiKey == null) {
                apiKey = Ids.apiKey();
            }
            if (jwtSecret == null) {
                jwtSecret = Ids.hex(32);
            }
            if (projectNameOverride != null || defaultProjectId == null || !projects.containsKey(defaultProjectId)) {
                String projectName = projectNameOverride != null ? projectNameOverride : DEFAULT_PROJECT_NAME;
                defaultProjectId = projects.values().stream()
                        .filter(p -> p.name.equals(projectName)).map(p -> p.id).findFirst()
                        .orElseGet(() -> createProject(projectName).id);
            }
            changed();
        }
    }

    // ---------------------------------------------------------------- projects

    public ProjectRec createProject(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("project name must not be blank");
        }
        synchronized (lock) {
            ProjectRec p = new ProjectRec();
            p.id = Ids.uuid();
            p.name = name;
            p.timeCreated = now();
            p.timeModified = p.timeCreated;
            projects.put(p.id, p);
            changed();
            return p;
        }
    }

    public List<ProjectRec> projects() {
        synchronized (lock) {
            return new ArrayList<>(projects.values());
        }
    }

    public Optional<ProjectRec> project(String id) {
        synchronized (lock) {
            return Optional.ofNullable(projects.get(id));
        }
    }

    public ProjectRec requireProject(String id) {
        return project(id).orElseThrow(() -> ApiError.notFound("Project " + id + " not found"));
    }

    // ---------------------------------------------------------------- data

    public Optional<DataRec> data(String projectId, String id) {
        synchronized (lock) {
            DataRec d = data.get(id);
            return d != null && d.projectId.equals(projectId) ? Optional.of(d.copy()) : Optional.empty();
        }
    }

    /** An item by id, whatever its project (a copy). */
    public Optional<DataRec> data(String id) {
        synchronized (lock) {
            DataRec d = data.get(id);
            return d == null ? Optional.empty() : Optional.of(d.copy());
        }
    }

    public DataRec requireData(String projectId, String id) {
        requireProject(projectId);
        return data(projectId, id).orElseThrow(
                () -> ApiError.notFound("Data " + id + " not found in project " + projectId));
    }

    public Optional<DataRec> dataByPath(String projectId, String path) {
        synchronized (lock) {
            String id = byKey.get(projectId + path);
            return id == null ? Optional.empty() : Optional.of(data.get(id).copy());
        }
    }

    /**
     * The records of a project whose path starts with {@code prefix} ("/" for all of them; a folder path for
     * the folder and everything under it), sorted by path (copies).
     */
    public List<DataRec> projectData(String projectId, String prefix) {
        synchronized (lock) {
            List<DataRec> out = new ArrayList<>();
            for (String id : keysUnder(projectId, prefix).values()) {
                out.add(data.get(id).copy());
            }
            return out;
        }
    }

    /** The slice of {@link #byKey} whose paths start with {@code prefix} (which ends with '/'). */
    private SortedMap<String, String> keysUnder(String projectId, String prefix) {
        String from = projectId + prefix;
        String to = from.substring(0, from.length() - 1) + (char) (from.charAt(from.length() - 1) + 1);
        return byKey.subMap(from, to);
    }

    /** Folder path of a create request: from folderId or folderPath (created when missing); "/" = root. */
    public String resolveFolderPath(String projectId, String folderId, String folderPath) {
        if (folderId != null && !folderId.isEmpty()) {
            DataRec f = requireData(projectId, folderId);
            if (!f.folder) {
                throw ApiError.badRequest("folderId " + folderId + " is a file, not a folder");
            }
            return f.path;
        }
        if (folderPath == null || folderPath.isEmpty()) {
            return "/";
        }
        DataPaths.checkFolderPath(folderPath, "folderPath");
        return folderPath;
    }

    public DataRec createFile(String projectId, String folderPath, String name, String formatCode) {
        DataPaths.checkName(name);
        synchronized (lock) {
            requireProject(projectId);
            String path = folderPath + name;
            ensureFree(projectId, path);
            ensureFolders(projectId, folderPath);
            DataRec d = newRecord(projectId, path, false);
            d.formatCode = formatCode;
            changed();
            return d.copy();
        }
    }

    public DataRec createFolder(String projectId, String folderPath, String name) {
        DataPaths.checkName(name);
        synchronized (lock) {
            requireProject(projectId);
            String path = folderPath + name + "/";
            ensureFree(projectId, path);
            ensureFolders(projectId, folderPath);
            DataRec d = newRecord(projectId, path, true);
            changed();
            return d.copy();
        }
    }

    private void ensureFree(String projectId, String path) {
        String other = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
        if (byKey.containsKey(projectId + path) || byKey.containsKey(projectId + other)) {
            throw ApiError.conflict("Conflict while updating file/folder: " + path
                    + " already exists in the project. Look it up instead of creating it again.");
        }
    }

    /** Creates every missing folder of folderPath ("/a/b/"); returns the innermost, empty for "/". */
    private Optional<DataRec> ensureFolders(String projectId, String folderPath) {
        DataRec last = null;
        int idx = 1;
        while (true) {
            int next = folderPath.indexOf('/', idx);
            if (next < 0) {
                break;
            }
            String path = folderPath.substring(0, next + 1);
            String id = byKey.get(projectId + path);
            if (id == null) {
                if (byKey.containsKey(projectId + path.substring(0, path.length() - 1))) {
                    throw ApiError.conflict("Conflict while updating file/folder: "
                            + path.substring(0, path.length() - 1) + " is a file, not a folder");
                }
                last = newRecord(projectId, path, true);
            } else {
                last = data.get(id);
            }
            idx = next + 1;
        }
        return Optional.ofNullable(last);
    }

    private DataRec newRecord(String projectId, String path, boolean folder) {
        DataRec d = new DataRec();
        d.id = folder ? Ids.folderId() : Ids.fileId();
        d.projectId = projectId;
        d.path = path;
        String trimmed = folder ? path.substring(0, path.length() - 1) : path;
        d.name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        d.folder = folder;
        d.timeCreated = now();
        d.timeModified = d.timeCreated;
        data.put(d.id, d);
        byKey.put(projectId + path, d.id);
        return d;
    }

    /**
     * Indexes an object that was written to the bucket, as ICA indexes its storage: the file (created or
     * updated) and any missing folders. Returns the file, or empty when the key is not project data.
     */
    public Optional<DataRec> objectWritten(String key, long size, String eTag, String grantKey, Duration lag) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String projectId = key.substring(0, slash);
        String path = key.substring(slash);
        synchronized (lock) {
            if (!projects.containsKey(projectId) || path.contains("//")) {
                return Optional.empty();
            }
            if (path.endsWith("/")) {
                Optional<DataRec> f = ensureFolders(projectId, path);
                changed();
                return f.map(DataRec::copy);
            }
            if (byKey.containsKey(projectId + path + "/")) {
                return Optional.empty();
            }
            ensureFolders(projectId, path.substring(0, path.lastIndexOf('/') + 1));
            String id = byKey.get(projectId + path);
            DataRec d = id != null ? data.get(id) : newRecord(projectId, path, false);
            Instant now = now();
            d.sizeInBytes = size;
            d.objectETag = eTag;
            d.firstPartSize = null; // a new object: partsWritten tells those of a multipart one
            d.partsCount = null;
            d.timeModified = now;
            d.statusOverride = null;
            d.availableAt = now.plus(lag == null ? faults.partialLag() : lag);
            if (d.storedAt == null) {
                d.storedAt = now;
            }
            GrantRec g = grantKey == null ? null : grants.get(grantKey);
            if (g != null && g.sessionId != null) {
                SessionRec s = sessions.get(g.sessionId);
                if (s != null) {
                    s.uploadedFileIds.add(d.id);
                }
            }
            changed();
            return Optional.of(d.copy());
        }
    }

    /**
     * Records the parts of an object a multipart upload just wrote (after {@link #objectWritten}), which a HEAD with
     * {@code partNumber} tells, as S3 does.
     */
    public void partsWritten(String key, long firstPartSize, int partsCount) {
        synchronized (lock) {
            DataRec d = fileAt(key);
            if (d != null) {
                d.firstPartSize = firstPartSize;
                d.partsCount = partsCount;
                changed();
            }
        }
    }

    /** Whether the project has a folder at this object key ({@code <projectId>/<path>/}). */
    public boolean isFolder(String key) {
        synchronized (lock) {
            String id = byKey.get(key);
            DataRec d = id == null ? null : data.get(id);
            return d != null && d.folder;
        }
    }

    /** The file whose object has this key, if any. */
    public Optional<DataRec> objectAt(String key) {
        synchronized (lock) {
            return Optional.ofNullable(fileAt(key)).map(DataRec::copy);
        }
    }

    /** The file record of an object key, or null (no record, or a folder); under the lock. */
    private DataRec fileAt(String key) {
        String id = byKey.get(key);
        DataRec d = id == null ? null : data.get(id);
        return d == null || d.folder ? null : d;
    }

    /** The object behind a file went away: the record stays, back to PARTIAL without size. */
    public void objectRemoved(String key) {
        synchronized (lock) {
            DataRec d = fileAt(key);
            if (d != null) {
                d.sizeInBytes = null;
                d.objectETag = null;
                d.firstPartSize = null;
                d.partsCount = null;
                d.availableAt = null;
                d.timeModified = now();
                changed();
            }
        }
    }

    /** Removes the item (recursively for folders); returns the object keys of the removed files. */
    public List<String> delete(String projectId, String id) {
        synchronized (lock) {
            DataRec target = requireData(projectId, id);
            List<String> keys = new ArrayList<>();
            for (DataRec d : subtree(target)) {
                data.remove(d.id);
                byKey.remove(projectId + d.path);
                if (!d.folder) {
                    keys.add(projectId + d.path);
                }
            }
            changed();
            return keys;
        }
    }

    public void setArchived(String projectId, String id, boolean archived) {
        synchronized (lock) {
            DataRec target = requireData(projectId, id);
            Instant now = now();
            for (DataRec d : subtree(target)) {
                DataRec live = data.get(d.id);
                live.statusOverride = archived && !live.folder ? "ARCHIVED" : null;
                live.timeModified = now;
            }
            changed();
        }
    }

    private List<DataRec> subtree(DataRec target) {
        if (!target.folder) {
            return List.of(target);
        }
        return projectData(target.projectId, target.path);
    }

    /** Files of a folder upload session become AVAILABLE now. */
    private void makeAvailable(Set<String> ids) {
        Instant now = now();
        for (String id : ids) {
            DataRec d = data.get(id);
            if (d != null && d.availableAt != null && d.availableAt.isAfter(now)) {
                d.availableAt = now;
            }
        }
    }

    // ---------------------------------------------------------------- credentials

    public GrantRec issueGrant(String projectId, String keyPrefix, boolean readOnly, String kind,
            Duration ttl, String sessionId) {
        GrantRec g = new GrantRec();
        g.accessKey = Ids.accessKey();
        g.secretKey = Ids.secretKey();
        g.sessionToken = Ids.sessionToken();
        g.projectId = projectId;
        g.keyPrefix = keyPrefix;
        g.readOnly = readOnly;
        g.kind = kind;
        g.issuedAt = now();
        g.expiresAt = ttl == null ? null : g.issuedAt.plus(ttl);
        g.sessionId = sessionId;
        grants.put(g.accessKey, g);
        purgeOldUrlGrants(g.issuedAt);
        changed();
        return g;
    }

    public Optional<GrantRec> grant(String accessKey) {
        return accessKey == null ? Optional.empty() : Optional.ofNullable(grants.get(accessKey));
    }

    /** Makes every issued temporary credential expire now (a test switch). */
    public void expireAllGrants() {
        Instant now = now();
        grants.values().stream().filter(g -> "DATA".equals(g.kind)).forEach(g -> g.expiresAt = now);
        changed();
    }

    private void purgeOldUrlGrants(Instant now) {
        grants.values().removeIf(g -> "URL".equals(g.kind) && g.expiresAt != null
                && g.expiresAt.plus(Duration.ofHours(1)).isBefore(now));
    }

    // ---------------------------------------------------------------- upload sessions

    public SessionRec createSession(String projectId, String folderId, Instant expires) {
        synchronized (lock) {
            SessionRec s = new SessionRec();
            s.id = Ids.uuid();
            s.projectId = projectId;
            s.folderId = folderId;
            s.status = "OPEN";
            s.timeCreated = now();
            s.timeSessionExpires = expires;
            sessions.put(s.id, s);
            changed();
            return s;
        }
    }

    public void attachSessionCredential(String sessionId, String accessKey) {
        synchronized (lock) {
            sessions.get(sessionId).accessKey = accessKey;
            changed();
        }
    }

    public SessionRec session(String projectId, String folderId, String sessionId) {
        synchronized (lock) {
            SessionRec s = sessions.get(sessionId);
            if (s == null || !s.projectId.equals(projectId) || !s.folderId.equals(folderId)) {
                throw ApiError.notFound("Folder upload session " + sessionId + " not found for folder " + folderId);
            }
            Instant now = now();
            if ("OPEN".equals(s.status) && !now.isBefore(s.timeSessionExpires)) {
                s.status = "CLOSED";
                s.timeClosed = s.timeSessionExpires;
                changed();
            }
            return s;
        }
    }

    public SessionRec completeSession(String projectId, String folderId, String sessionId, int expected) {
        synchronized (lock) {
            SessionRec s = session(projectId, folderId, sessionId);
            if ("CLOSED".equals(s.status)) {
                throw new ApiError(409, "ICA_DATA_106", "Folder upload session " + sessionId
                        + " is CLOSED (its credentials expired or it was completed with a wrong count)");
            }
            if ("OPEN".equals(s.status)) {
                Instant now = now();
                if (s.uploadedFileIds.size() == expected) {
                    s.status = "COMPLETED";
                    s.timeCompleted = now;
                    makeAvailable(s.uploadedFileIds);
                } else {
                    s.status = "CLOSED";
                    s.timeClosed = now;
                }
                GrantRec g = grants.get(s.accessKey);
                if (g != null) {
                    g.expiresAt = now;
                }
                changed();
            }
            return s;
        }
    }

    // ---------------------------------------------------------------- persistence

    private void changed() {
        dirty.set(true);
    }

    private void load(Path file) {
        try {
            Snapshot s = Persistence.MAPPER.readValue(file.toFile(), Snapshot.class);
            apiKey = s.apiKey;
            jwtSecret = s.jwtSecret;
            defaultProjectId = s.defaultProjectId;
            s.projects.forEach(p -> projects.put(p.id, p));
            s.data.forEach(d -> {
                data.put(d.id, d);
                byKey.put(d.projectId + d.path, d.id);
            });
            s.grants.forEach(g -> grants.put(g.accessKey, g));
            s.sessions.forEach(x -> sessions.put(x.id, x));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the emulator state " + file
                    + " (delete it to start from scratch)", e);
        }
    }

    /**
     * The flusher's turn: writes the state if it changed, but waits out four times the last write's duration
     * after it, so that a large state (tens of thousands of records take a few hundred ms to write) costs the
     * emulator at most a fifth of a core while clients keep changing it.
     */
    private void flushIfDirty() {
        if (System.nanoTime() < nextFlushNanos) {
            return;
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Cannot write the emulator state to {}: {}", stateFile, e.toString());
        }
    }

    /** Writes the state file if anything changed; waits for a write already in progress. */
    public void flush() {
        synchronized (flushLock) {
            long start = System.nanoTime();
            flushNow();
            long end = System.nanoTime();
            nextFlushNanos = end + 4 * (end - start);
        }
    }

    /** Copies the state under the lock, then writes it without holding the lock (requests go on meanwhile). */
    private void flushNow() {
        if (stateFile == null || !dirty.getAndSet(false)) {
            return;
        }
        Snapshot s = new Snapshot();
        synchronized (lock) {
            s.apiKey = apiKey;
            s.jwtSecret = jwtSecret;
            s.defaultProjectId = defaultProjectId;
            projects.values().forEach(p -> s.projects.add(p.copy()));
            data.values().forEach(d -> s.data.add(d.copy()));
            grants.values().forEach(g -> s.grants.add(g.copy()));
            sessions.values().forEach(x -> s.sessions.add(x.copy()));
        }
        try {
            byte[] json = Persistence.MAPPER.writeValueAsBytes(s);
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.write(tmp, json);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            dirty.set(true);
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown(); // no interrupt: a write in progress completes, flush() then waits for it
            flush();
        }
    }
}
