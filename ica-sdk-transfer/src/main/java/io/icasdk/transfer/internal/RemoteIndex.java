package io.icasdk.transfer.internal;

import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.ProjectData;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What already exists under an upload's remote folder, listed once per scope on first need (one
 * recursive, cursor-paged listing; at the project root: the root's direct children and one listing per
 * top-level folder). Thread-safe.
 */
public final class RemoteIndex {
    private final ProjectDataClient data;
    private final String remoteFolder;
    private final Map<String, Map<String, ProjectData>> scopes = new ConcurrentHashMap<>();

    public RemoteIndex(ProjectDataClient data, String remoteFolder) {
        this.data = data;
        this.remoteFolder = remoteFolder;
    }

    /** The file or folder at this remote path, if it exists. */
    public Optional<ProjectData> find(String remotePath) {
        String scope = scopeOf(remotePath);
        Map<String, ProjectData> listing = scopes.computeIfAbsent(scope, this::load);
        return Optional.ofNullable(listing.get(remotePath));
    }

    /** Forgets what was listed (the next {@link #find} lists again). */
    public void refresh() {
        scopes.clear();
    }

    private String scopeOf(String remotePath) {
        if (!remoteFolder.equals("/")) {
            return remoteFolder;
        }
        int slash = remotePath.indexOf('/', 1);
        return slash < 0 ? "/" : remotePath.substring(0, slash + 1);
    }

    private Map<String, ProjectData> load(String scope) {
        Map<String, ProjectData> m = new HashMap<>();
        Iterable<ProjectData> items = remoteFolder.equals("/") && scope.equals("/")
                ? data.listFolder("/") : data.listRecursive(scope);
        for (ProjectData d : items) {
            if (d.path() != null) {
                m.put(d.path(), d);
            }
        }
        return m;
    }
}
