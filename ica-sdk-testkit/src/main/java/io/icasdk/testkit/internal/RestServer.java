package io.icasdk.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ICA's REST API (the data-transfer subset) on the JDK's HTTP server. */
public final class RestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    public static final String BASE_PATH = "/ica/rest";
    static final String V3 = "application/vnd.illumina.v3+json";
    static final String V4 = "application/vnd.illumina.v4+json";
    private static final String PROBLEM = "application/problem+json";
    private static final int DEFAULT_PAGE_SIZE = 100;

    static final String TENANT_ID = "5b7f7a52-6a63-4d8e-9d55-2b3c0a7e1f01";
    static final String USER_ID = "0c1d6e2a-4b5f-4c3e-8a9d-7f6e5d4c3b2a";
    static final String REGION_ID = "c39b1feb-3e94-4440-805e-45e0c76462bf";
    private static final Instant EPOCH = Instant.parse("2021-01-01T00:00:00Z");

    private static final String PID = "([0-9a-fA-F-]{36})";
    private static final String DID = "((?:fil|fol)\\.[0-9a-f]{32})";
    private static final Pattern PROJECT = Pattern.compile("/api/projects/([^/:]+)");
    private static final Pattern REGION = Pattern.compile("/api/regions/([^/:]+)");
    private static final Pattern DATA_BY_URN = Pattern.compile("/api/data/(.+)");
    private static final Pattern DATA_URN = Pattern.compile(
            "urn:ilmn:ica:region:([^:#/]+):data:((?:fil|fol)\\.[0-9a-f]{32})(?:#(.+))?");
    private static final Pattern DATA_LIST = Pattern.compile("/api/projects/([^/:]+)/data");
    private static final Pattern DATA_ACTION = Pattern.compile("/api/projects/([^/:]+)/data:(\\w+)");
    private static final Pattern DATA_ITEM = Pattern.compile("/api/projects/([^/:]+)/data/([^/:]+)");
    private static final Pattern DATA_CHILDREN = Pattern.compile("/api/projects/([^/:]+)/data/([^/:]+)/children");
    private static final Pattern ITEM_ACTION = Pattern.compile("/api/projects/([^/:]+)/data/([^/:]+):(\\w+)");
    private static final Pattern SESSIONS = Pattern.compile("/api/projects/([^/:]+)/data/([^/:]+)/folderUploadSessions");
    private static final Pattern SESSION = Pattern.compile(
            "/api/projects/([^/:]+)/data/([^/:]+)/folderUploadSessions/([^/:]+)");
    private static final Pattern SESSION_COMPLETE = Pattern.compile(
            "/api/projects/([^/:]+)/data/([^/:]+)/folderUploadSessions/([^/:]+):complete");

    private final EmulatorState state;
    private volatile S3Side s3;
    private final FaultState faults;
    private final int pageSizeLimit;
    private final HttpServer server;
    private final ExecutorService pool;
    private final URI baseUrl;
    private final Map<String, IdempotencyEntry> idempotency = new HashMap<>();

    private record Request(String method, String path, Map<String, List<String>> query,
            com.sun.net.httpserver.Headers headers, byte[] body, String accept) {
        Optional<String> q(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        List<String> qs(String name) {
            return query.getOrDefault(name, List.of());
        }

        JsonNode json() {
            if (body.length == 0) {
                return NullNode.instance;
            }
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw ApiError.badRequest("The request body is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
        }
    }

    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response json(int status, JsonNode node, String contentType) {
            return new Response(status, contentType, node.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Response json(int status, JsonNode node) {
            return json(status, node, V3);
        }

        static Response noContent() {
            return new Response(204, null, new byte[0], Map.of());
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, h);
        }
    }

    private static final class IdempotencyEntry {
        final JsonNode body;
        Response response;

        IdempotencyEntry(JsonNode body) {
            this.body = body;
        }
    }

    static {
        // The JDK's HTTP server writes a response's headers and body as separate segments and leaves Nagle's
        // algorithm on unless told otherwise: each small answer then waited for the client's delayed ACK,
        // 40 ms, on about every other call (a findByPath took 47-54 ms instead of 7-12 ms). Read once, when
        // the JVM's first JDK HTTP server starts; a value set by the user stands.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public RestServer(EmulatorState state, FaultState faults, int port, int pageSizeLimit) throws IOException {
        this.state = state;
        this.faults = faults;
        this.pageSizeLimit = pageSizeLimit;
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ica-emulator-rest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        } catch (BindException e) { // "Address already in use" says not which of the two ports
            throw inUse("REST", port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
        state.projects().forEach(this::projectJson); // loads the JSON classes while S3Proxy starts
    }

    /** Connects the S3 side; called once, before the base URL is handed out. */
    public void attach(S3Side s3Side) {
        this.s3 = s3Side;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------ plumbing

    private void handle(HttpExchange ex) throws IOException {
        Response response;
        String instance = baseUrl.resolve(ex.getRequestURI().getRawPath()).toString();
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            response = dispatch(ex, body);
        } catch (ApiError e) {
            response = problem(e.status(), e.code(), e.detail(), instance);
        } catch (RuntimeException e) {
            LOG.warn("IcaEmulator: unexpected error on {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            response = problem(500, "ICA_API_500", "Internal error in the emulator: " + e, instance);
        }
        response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (response.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", response.contentType());
        }
        if (response.status() == 204 || response.body().length == 0) {
            ex.sendResponseHeaders(response.status(), -1);
        } else {
            byte[] body = response.body();
            if (acceptsGzip(ex.getRequestHeaders().get("Accept-Encoding"))) {
                body = gzip(body);
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
                ex.getResponseHeaders().set("Vary", "Accept-Encoding");
            }
            ex.sendResponseHeaders(response.status(), body.length);
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    /**
     * Whether the client asked for gzip ({@code Accept-Encoding: gzip}, not with {@code q=0}): ICA then
     * gzips its JSON answers, and so does the emulator, so that clients read listings as they arrive from
     * ICA (about a tenth of the bytes).
     */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String item : header.split(",")) {
                String[] parts = item.split(";");
                if (!parts[0].trim().equalsIgnoreCase("gzip")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (param.startsWith("q=")) {
                        try {
                            refused = Double.parseDouble(param.substring(2).trim()) <= 0;
                        } catch (NumberFormatException e) {
                            refused = true;
                        }
                    }
                }
                return !refused;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (FastGzip gz = new FastGzip(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    /** gzip at the fastest level: the emulator shares the machine with the clients under test. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static Response problem(int status, String code, String detail, String instance) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("id", Ids.uuid());
        p.put("type", "about:blank");
        p.put("title", code);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", instance);
        p.putObject("parameters");
        p.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return Response.json(status, p, PROBLEM);
    }

    private Response dispatch(HttpExchange ex, byte[] body) {
        String rawPath = ex.getRequestURI().getRawPath();
        String instance = baseUrl.resolve(rawPath).toString();
        Optional<Integer> fault = faults.takeRestFault();
        if (fault.isPresent() && fault.get() == 429) {
            Response r = problem(429, "ICA_API_429", "Too many requests. Please try again later!", instance);
            Duration retryAfter = faults.throttleRetryAfter();
            if (retryAfter != null) {
                long secs = Math.max(0, (retryAfter.toMillis() + 999) / 1000);
                r = r.withHeader("Retry-After", Long.toString(secs));
            }
            return r;
        }
        if (fault.isPresent()) {
            return problem(503, "ICA_API_503", "The service is temporarily unavailable. Please try again later.",
                    instance);
        }
        if (!rawPath.startsWith(BASE_PATH + "/")) {
            throw new ApiError(404, "ICA_API_404", "No such endpoint: " + rawPath + " (the base path is " + BASE_PATH + ")");
        }
        String path = decode(rawPath.substring(BASE_PATH.length()));
        Request req = new Request(ex.getRequestMethod(), path, parseQuery(ex.getRequestURI().getRawQuery()),
                ex.getRequestHeaders(), body, Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")).orElse(""));
        authenticate(req);
        boolean children = DATA_CHILDREN.matcher(path).matches();
        // As ICA: every call's Accept names the API version, the 204-only calls (:delete, :archive,
        // :unarchive, whose spec lists just a problem+json response) too.
        if (!req.accept().contains(V3) && !(children && req.accept().contains(V4))) {
            throw new ApiError(400, "ICA_API_004", "Invalid Accept Header");
        }
        String idemKey = req.headers().getFirst("Idempotency-Key");
        Matcher create = DATA_ACTION.matcher(path);
        if (idemKey != null && req.method().equals("POST") && create.matches()
                && create.group(2).startsWith("create") && !create.group(2).equals("createDownloadUrls")) {
            return idempotent(req, create.group(1) + " " + path + " " + idemKey);
        }
        faults.delayRest();
        return route(req);
    }

    private Response idempotent(Request req, String key) {
        if (key.length() > 1000) {
            throw ApiError.badRequest("Idempotency-Key must be at most 255 characters");
        }
        JsonNode body = req.json();
        IdempotencyEntry entry;
        synchronized (idempotency) {
            entry = idempotency.get(key);
            if (entry == null) {
                idempotency.put(key, new IdempotencyEntry(body));
            } else if (entry.response == null) {
                throw new ApiError(409, "ICA_API_409",
                        "A request with this Idempotency-Key is still being processed; retry later");
            } else if (!entry.body.equals(body)) {
                throw new ApiError(422, "ICA_API_422",
                        "This Idempotency-Key was already used with a different request body");
            } else {
                return entry.response;
            }
        }
        Response response;
        try {
            faults.delayRest();
            response = route(req);
        } catch (RuntimeException e) {
            synchronized (idempotency) {
                idempotency.remove(key);
            }
            throw e;
        }
        synchronized (idempotency) {
            if (response.status() < 400) {
                idempotency.get(key).response = response;
            } else {
                idempotency.remove(key);
            }
        }
        return response;
    }

    private void authenticate(Request req) {
        String apiKey = req.headers().getFirst("X-API-Key");
        boolean tokenEndpoint = req.path().equals("/api/tokens");
        if (apiKey != null) {
            if (apiKey.equals(state.apiKey())) {
                return;
            }
        } else if (!tokenEndpoint) {
            String auth = req.headers().getFirst("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                    && Jwt.valid(state.jwtSecret(), auth.substring(7).trim(), state.now())) {
                return;
            }
        }
        throw new ApiError(401, "ICA_SEC_002", "Unauthorized: send a valid X-API-Key header or a Bearer token"
                + (tokenEndpoint ? " (POST /api/tokens takes an X-API-Key)" : ""));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    // ------------------------------------------------------------------ routing

    private Response route(Request req) {
        String p = req.path();
        String m = req.method();
        Matcher x;
        if (p.equals("/api/tokens") && m.equals("POST")) {
            ObjectNode t = Json.MAPPER.createObjectNode();
            t.put("token", Jwt.issue(state.jwtSecret(), TENANT_ID, state.now(), faults.tokenTtl()));
            return Response.json(200, t);
        }
        if (p.equals("/api/projects") && m.equals("GET")) {
            return listProjects(req);
        }
        if (p.equals("/api/regions") && m.equals("GET")) {
            ObjectNode list = Json.MAPPER.createObjectNode();
            list.putArray("items").add(regionJson());
            return Response.json(200, list);
        }
        if ((x = REGION.matcher(p)).matches() && m.equals("GET")) {
            if (!x.group(1).equals(REGION_ID)) {
                throw ApiError.notFound("Region " + x.group(1) + " not found");
            }
            return Response.json(200, regionJson());
        }
        if ((x = PROJECT.matcher(p)).matches() && m.equals("GET")) {
            EmulatorState.ProjectRec project = state.requireProject(x.group(1));
            return Response.json(200, projectJson(project)).withHeader("ETag", etag(project.timeModified));
        }
        if ((x = DATA_LIST.matcher(p)).matches() && m.equals("GET")) {
            return listData(req, x.group(1));
        }
        if ((x = DATA_ACTION.matcher(p)).matches() && m.equals("POST")) {
            return dataAction(req, x.group(1), x.group(2));
        }
        if ((x = DATA_ITEM.matcher(p)).matches() && m.equals("GET")) {
            EmulatorState.DataRec d = state.requireData(x.group(1), x.group(2));
            return Response.json(200, projectDataJson(d)).withHeader("ETag", etag(d.timeModified));
        }
        if ((x = DATA_BY_URN.matcher(p)).matches() && m.equals("GET")) {
            EmulatorState.DataRec d = dataByUrn(x.group(1));
            return Response.json(200, dataJson(d)).withHeader("ETag", etag(d.timeModified));
        }
        if ((x = DATA_CHILDREN.matcher(p)).matches() && m.equals("GET")) {
            return children(req, x.group(1), x.group(2));
        }
        if ((x = ITEM_ACTION.matcher(p)).matches() && m.equals("POST")) {
            return itemAction(req, x.group(1), x.group(2), x.group(3));
        }
        if ((x = SESSIONS.matcher(p)).matches() && m.equals("POST")) {
            EmulatorState.DataRec folder = requireFolder(x.group(1), x.group(2));
            return Response.json(201, sessionJson(createSession(folder, credentialsRequest(req.json()))));
        }
        if ((x = SESSION.matcher(p)).matches() && m.equals("GET")) {
            requireFolder(x.group(1), x.group(2));
            return Response.json(200, sessionJson(state.session(x.group(1), x.group(2), x.group(3))));
        }
        if ((x = SESSION_COMPLETE.matcher(p)).matches() && m.equals("POST")) {
            requireFolder(x.group(1), x.group(2));
            JsonNode body = req.json();
            JsonNode n = body.get("numberOfExpectedUploadedFiles");
            if (n == null || !n.canConvertToInt() || n.asInt() < 0) {
                throw ApiError.badRequest("numberOfExpectedUploadedFiles (a non-negative integer) is required");
            }
            return Response.json(200, sessionJson(state.completeSession(x.group(1), x.group(2), x.group(3), n.asInt())));
        }
        throw new ApiError(404, "ICA_API_404", "No such endpoint: " + m + " " + BASE_PATH + p);
    }

    /** The item a data URN names, in any project; the optional path must be the item's path. */
    private EmulatorState.DataRec dataByUrn(String urn) {
        Matcher m = DATA_URN.matcher(urn);
        if (!m.matches()) {
            throw ApiError.badRequest("'" + urn + "' is not a data URN: use urn:ilmn:ica:region:<regionId>:data:"
                    + "<dataId>#<path>, or without '#<path>' (URL-encode it as one path segment)");
        }
        Optional<EmulatorState.DataRec> d = m.group(1).equals(REGION_ID) ? state.data(m.group(2)) : Optional.empty();
        if (d.isEmpty() || (m.group(3) != null && !m.group(3).equals(d.get().path))) {
            throw ApiError.notFound("Data " + urn + " not found (check the data id, region and path)");
        }
        return d.get();
    }

    private static String etag(Instant modified) {
        return "\"" + Long.toHexString(modified.toEpochMilli()) + "\"";
    }

    // ------------------------------------------------------------------ projects

    private Response listProjects(Request req) {
        String search = req.q("search").orElse("").toLowerCase(Locale.ROOT);
        List<EmulatorState.ProjectRec> all = state.projects().stream()
                .filter(p -> search.isEmpty() || p.name.toLowerCase(Locale.ROOT).contains(search))
                .sorted((a, b) -> (a.name + "\u0000" + a.id).compareTo(b.name + "\u0000" + b.id))
                .toList();
        return page(req, all, p -> p.name + "\u0000" + p.id, this::projectJson);
    }

    private <T> Response page(Request req, List<T> sorted, Function<T, String> key, Function<T, JsonNode> render) {
        int size = pageSize(req);
        String after = req.q("pageToken").filter(s -> !s.isEmpty()).map(RestServer::decodeToken).orElse(null);
        int start = 0;
        if (after != null) {
            while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + size);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (int i = start; i < end; i++) {
            items.add(render.apply(sorted.get(i)));
        }
        if (end < sorted.size()) {
            out.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("c1:" + key.apply(sorted.get(end - 1))).getBytes(StandardCharsets.UTF_8)));
        } else {
            out.putNull("nextPageToken");
        }
        out.put("remainingRecords", sorted.size() - end);
        return Response.json(200, out);
    }

    private int pageSize(Request req) {
        Optional<String> raw = req.q("pageSize");
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        int size;
        try {
            size = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("pageSize '" + raw.get() + "' is not a number");
        }
        if (size < 1 || size > pageSizeLimit) {
            throw ApiError.badRequest("pageSize " + size + " is out of range: use 1 to " + pageSizeLimit);
        }
        return size;
    }

    private static String decodeToken(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("c1:")) {
                return s.substring(3);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ApiError.badRequest("pageToken is invalid: pass the nextPageToken of the previous page unchanged");
    }

    // ------------------------------------------------------------------ data listing

    private Response listData(Request req, String projectId) {
        state.requireProject(projectId);
        Instant now = state.now();
        List<String> ids = req.qs("id");
        List<String> filePaths = req.qs("filePath").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        String pathMode = req.q("filePathMatchMode").orElse("STARTS_WITH_CASE_INSENSITIVE");
        if (!Set.of("STARTS_WITH_CASE_INSENSITIVE", "FULL_CASE_INSENSITIVE").contains(pathMode)) {
            throw ApiError.badRequest("filePathMatchMode must be STARTS_WITH_CASE_INSENSITIVE or FULL_CASE_INSENSITIVE");
        }
        List<String> names = req.qs("filename");
        String nameMode = req.q("filenameMatchMode").orElse("EXACT");
        if (!Set.of("EXACT", "EXCLUDE", "FUZZY").contains(nameMode)) {
            throw ApiError.badRequest("filenameMatchMode must be EXACT, EXCLUDE or FUZZY");
        }
        List<String> parentPaths = new ArrayList<>();
        for (String id : req.qs("parentFolderId")) {
            parentPaths.add(state.data(projectId, id).filter(d -> d.folder).map(d -> d.path).orElse("\u0000none"));
        }
        Optional<String> parentFolderPath = req.q("parentFolderPath");
        parentFolderPath.ifPresent(pp -> DataPaths.checkFolderPath(pp, "parentFolderPath"));
        Optional<String> type = req.q("type");
        if (type.isPresent() && !Set.of("FILE", "FOLDER").contains(type.get())) {
            throw ApiError.badRequest("type must be FILE or FOLDER");
        }
        List<String> statuses = req.qs("status");
        // Only the records under the asked folder are read when there is one (a project can hold 100,000s),
        // and only the named ones when names are asked for exactly (a lookup by path).
        String under = parentFolderPath.orElse(parentPaths.size() == 1 ? parentPaths.get(0) : "/");
        boolean exactNames = nameMode.equals("EXACT") && !names.isEmpty()
                && (parentFolderPath.isPresent() || parentPaths.size() == 1);
        List<EmulatorState.DataRec> candidates = exactNames ? named(projectId, under, names)
                : state.projectData(projectId, under.endsWith("/") ? under : "/");
        List<EmulatorState.DataRec> matching = candidates.stream()
                .filter(d -> ids.isEmpty() || ids.contains(d.id))
                .filter(d -> filePaths.isEmpty() || filePaths.stream().anyMatch(fp -> pathMode.startsWith("FULL")
                        ? d.path.toLowerCase(Locale.ROOT).equals(fp)
                        : d.path.toLowerCase(Locale.ROOT).startsWith(fp)))
                .filter(d -> names.isEmpty() || switch (nameMode) {
                    case "EXCLUDE" -> !names.contains(d.name);
                    case "FUZZY" -> names.stream().anyMatch(n ->
                            d.name.toLowerCase(Locale.ROOT).contains(n.toLowerCase(Locale.ROOT)));
                    default -> names.contains(d.name);
                })
                .filter(d -> parentPaths.isEmpty() || parentPaths.contains(d.parentPath()))
                .filter(d -> parentFolderPath.isEmpty() || parentFolderPath.get().equals(d.parentPath()))
                .filter(d -> type.isEmpty() || type.get().equals(d.folder ? "FOLDER" : "FILE"))
                .filter(d -> statuses.isEmpty() || statuses.contains(d.status(now)))
                .toList();
        return page(req, matching, d -> d.path, this::projectDataJson);
    }

    /** The files and folders called one of {@code names} in the folder {@code parent}, sorted by path. */
    private List<EmulatorState.DataRec> named(String projectId, String parent, List<String> names) {
        List<EmulatorState.DataRec> out = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            state.dataByPath(projectId, parent + name).ifPresent(out::add);
            state.dataByPath(projectId, parent + name + "/").ifPresent(out::add);
        }
        out.sort(Comparator.comparing(d -> d.path));
        return out;
    }

    private Response children(Request req, String projectId, String folderId) {
        EmulatorState.DataRec folder = requireFolder(projectId, folderId);
        List<EmulatorState.DataRec> kids = state.projectData(projectId, folder.path).stream()
                .filter(d -> d.parentPath().equals(folder.path) && !d.id.equals(folder.id)).toList();
        if (req.accept().contains(V4)) {
            Response r = page(req, kids, d -> d.path, this::projectDataJson);
            return new Response(r.status(), V4, r.body(), r.headers());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        kids.forEach(d -> items.add(dataJson(d)));
        return Response.json(200, out);
    }

    // ------------------------------------------------------------------ create / credentials / urls

    private record CredRequest(boolean rclone, boolean readOnly) {}

    private static CredRequest credentialsRequest(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new CredRequest(false, false);
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("temporaryCredentials must be an object");
        }
        JsonNode format = node.get("credentialsFormat");
        boolean rclone = false;
        if (format != null && !format.isNull()) {
            if (!"RCLONE".equals(format.asText())) {
                throw ApiError.badRequest("credentialsFormat '" + format.asText()
                        + "' is not supported: use RCLONE, or omit it for AWS credentials");
            }
            rclone = true;
        }
        JsonNode ro = node.get("readOnlyCredentials");
        return new CredRequest(rclone, ro != null && ro.asBoolean(false));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private Response dataAction(Request req, String projectId, String action) {
        state.requireProject(projectId);
        JsonNode body = req.json();
        if (!body.isObject()) {
            throw ApiError.badRequest("A JSON object body is required for data:" + action);
        }
        switch (action) {
            case "createFile", "createFileWithUploadUrl", "createFileWithTemporaryCredentials" -> {
                String folder = state.resolveFolderPath(projectId, text(body, "folderId"), text(body, "folderPath"));
                EmulatorState.DataRec file = state.createFile(projectId, folder, text(body, "name"),
                        text(body, "formatCode"));
                if (action.equals("createFile")) {
                    return Response.json(201, projectDataJson(file));
                }
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.set("data", dataJson(file));
                out.put("projectId", projectId);
                if (action.equals("createFileWithUploadUrl")) {
                    out.put("uploadUrl", s3.presign(projectId, key(file), true, faults.presignedUrlTtl()).toString());
                } else {
                    out.set("tempCredentials", credentials(file, credentialsRequest(body.get("temporaryCredentials")), null));
                }
                return Response.json(201, out);
            }
            case "createFolder", "createFolderWithTemporaryCredentials", "createFolderWithUploadSession" -> {
                String folder = state.resolveFolderPath(projectId, text(body, "folderId"), text(body, "folderPath"));
                EmulatorState.DataRec created = state.createFolder(projectId, folder, text(body, "name"));
                if (action.equals("createFolder")) {
                    return Response.json(201, projectDataJson(created));
                }
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.set("data", dataJson(created));
                out.put("projectId", projectId);
                CredRequest cr = credentialsRequest(body.get("temporaryCredentials"));
                if (action.equals("createFolderWithTemporaryCredentials")) {
                    out.set("tempCredentials", credentials(created, cr, null));
                } else {
                    out.set("uploadSession", sessionJson(createSession(created, cr)));
                }
                return Response.json(201, out);
            }
            case "createDownloadUrls" -> {
                return downloadUrls(projectId, body);
            }
            default -> throw new ApiError(404, "ICA_API_404", "No such endpoint: data:" + action);
        }
    }

    private Response downloadUrls(String projectId, JsonNode body) {
        JsonNode ids = body.get("dataIds");
        JsonNode paths = body.get("dataPaths");
        boolean hasIds = ids != null && ids.isArray() && !ids.isEmpty();
        boolean hasPaths = paths != null && paths.isArray() && !paths.isEmpty();
        if (!hasIds && !hasPaths) {
            throw ApiError.badRequest("Give dataIds or dataPaths (a non-empty list)");
        }
        List<EmulatorState.DataRec> files = new ArrayList<>();
        if (hasIds) {
            ids.forEach(n -> state.data(projectId, n.asText()).filter(d -> !d.folder).ifPresent(files::add));
        }
        if (hasPaths) {
            paths.forEach(n -> state.dataByPath(projectId, n.asText()).filter(d -> !d.folder).ifPresent(files::add));
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (EmulatorState.DataRec d : files) {
            ObjectNode item = items.addObject();
            item.put("dataId", d.id);
            item.put("dataUrn", urn(d));
            item.put("dataPath", d.path);
            item.put("url", s3.presign(projectId, key(d), false, faults.presignedUrlTtl()).toString());
        }
        return Response.json(200, out);
    }

    private Response itemAction(Request req, String projectId, String dataId, String action) {
        EmulatorState.DataRec d = state.requireData(projectId, dataId);
        switch (action) {
            case "createUploadUrl" -> {
                requireFile(d, action);
                if (d.status(state.now()).equals("AVAILABLE") || d.statusOverride != null) {
                    throw ApiError.badRequest("An upload URL can only be created for a new file or a file in status "
                            + "PARTIAL; " + d.path + " is " + d.status(state.now()));
                }
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("url", s3.presign(projectId, key(d), true, faults.presignedUrlTtl()).toString());
                return Response.json(200, out);
            }
            case "createDownloadUrl" -> {
                requireFile(d, action);
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("url", s3.presign(projectId, key(d), false, faults.presignedUrlTtl()).toString());
                return Response.json(200, out);
            }
            case "createTemporaryCredentials" -> {
                return Response.json(200, credentials(d, credentialsRequest(req.json()), null));
            }
            case "delete" -> {
                for (String key : state.delete(projectId, dataId)) {
                    s3.removeObject(key);
                }
                return Response.noContent();
            }
            case "archive", "unarchive" -> {
                state.setArchived(projectId, dataId, action.equals("archive"));
                return Response.noContent();
            }
            default -> throw new ApiError(404, "ICA_API_404", "No such endpoint: data/{dataId}:" + action);
        }
    }

    private static void requireFile(EmulatorState.DataRec d, String action) {
        if (d.folder) {
            throw ApiError.badRequest(action + " is not applicable to a folder (" + d.path + "); use it on a file");
        }
    }

    private EmulatorState.DataRec requireFolder(String projectId, String id) {
        EmulatorState.DataRec d = state.requireData(projectId, id);
        if (!d.folder) {
            throw ApiError.badRequest(id + " is a file; folder upload sessions need a folder");
        }
        return d;
    }

    private static String key(EmulatorState.DataRec d) {
        return d.projectId + d.path;
    }

    private ObjectNode credentials(EmulatorState.DataRec d, CredRequest cr, String sessionId) {
        EmulatorState.GrantRec g = state.issueGrant(d.projectId, key(d), cr.readOnly(), "DATA",
                faults.credentialTtl(), sessionId);
        faults.countCredentialsIssued();
        return credentialsJson(g, cr.rclone(), sessionId);
    }

    private ObjectNode credentialsJson(EmulatorState.GrantRec g, boolean rclone, String sessionId) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (rclone) {
            ObjectNode r = out.putObject("rcloneTempCredentials");
            ObjectNode config = r.putObject("config");
            config.put("type", "s3");
            config.put("provider", "Other");
            config.put("access_key_id", g.accessKey);
            config.put("secret_access_key", g.secretKey);
            config.put("session_token", g.sessionToken);
            config.put("region", s3.region());
            config.put("endpoint", s3.endpoint().toString());
            config.put("force_path_style", "true");
            config.put("no_check_bucket", "true");
            r.put("filePathPrefix", s3.bucket() + "/" + g.keyPrefix);
            r.put("storageType", "s3");
            r.put("expirationTime", g.expiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
            if (sessionId != null) {
                r.put("uploadSessionId", sessionId);
            } else {
                r.putNull("uploadSessionId");
            }
        } else {
            ObjectNode a = out.putObject("awsTempCredentials");
            a.put("accessKey", g.accessKey);
            a.put("secretKey", g.secretKey);
            a.put("sessionToken", g.sessionToken);
            a.put("region", s3.region());
            a.put("bucket", s3.bucket());
            a.put("objectPrefix", g.keyPrefix);
            a.put("serverSideEncryptionAlgorithm", "AES256");
            a.putNull("serverSideEncryptionKey");
        }
        return out;
    }

    private record SessionView(EmulatorState.SessionRec session, ObjectNode credentials) {}

    private SessionView createSession(EmulatorState.DataRec folder, CredRequest cr) {
        Duration ttl = faults.credentialTtl();
        EmulatorState.SessionRec s = state.createSession(folder.projectId, folder.id, state.now().plus(ttl));
        EmulatorState.GrantRec g = state.issueGrant(folder.projectId, key(folder), cr.readOnly(), "DATA", ttl, s.id);
        state.attachSessionCredential(s.id, g.accessKey);
        faults.countCredentialsIssued();
        return new SessionView(s, credentialsJson(g, cr.rclone(), s.id));
    }

    private ObjectNode sessionJson(SessionView v) {
        ObjectNode out = sessionJson(v.session());
        out.set("tempCredentials", v.credentials());
        return out;
    }

    private ObjectNode sessionJson(EmulatorState.SessionRec s) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", s.id);
        out.put("timeCreated", ts(s.timeCreated));
        out.put("status", s.status);
        out.put("timeSessionExpires", ts(s.timeSessionExpires));
        putTime(out, "timeCompleted", s.timeCompleted);
        putTime(out, "timeClosed", s.timeClosed);
        return out;
    }

    // ------------------------------------------------------------------ JSON views

    private static String ts(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void putTime(ObjectNode o, String field, Instant t) {
        if (t == null) {
            o.putNull(field);
        } else {
            o.put(field, ts(t));
        }
    }

    private static void owned(ObjectNode o) {
        o.put("ownerId", USER_ID);
        o.put("tenantId", TENANT_ID);
        o.put("tenantName", "emulator");
    }

    private ObjectNode regionJson() {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", REGION_ID);
        r.put("timeCreated", ts(EPOCH));
        r.put("timeModified", ts(EPOCH));
        owned(r);
        r.put("code", "US");
        ObjectNode c = r.putObject("country");
        c.put("id", "3e6b4a8c-2f1d-4e5a-9b7c-1d2e3f4a5b6c");
        c.put("timeCreated", ts(EPOCH));
        c.put("timeModified", ts(EPOCH));
        owned(c);
        c.put("code", "US");
        c.put("name", "United States");
        c.put("region", "North America");
        r.put("cityName", "Virginia");
        return r;
    }

    private ObjectNode projectJson(EmulatorState.ProjectRec p) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", p.id);
        o.put("timeCreated", ts(p.timeCreated));
        o.put("timeModified", ts(p.timeModified));
        owned(o);
        o.put("urn", "urn:ilmn:ica:project:" + p.id + "#" + p.name);
        o.put("name", p.name);
        o.put("active", true);
        o.put("baseEnabled", false);
        o.put("shortDescription", "Emulated ICA project");
        o.set("region", regionJson());
        o.put("billingMode", "PROJECT");
        o.put("dataSharingEnabled", false);
        ObjectNode tags = o.putObject("tags");
        tags.putArray("technicalTags");
        tags.putArray("userTags");
        return o;
    }

    private static String urn(EmulatorState.DataRec d) {
        return "urn:ilmn:ica:region:" + REGION_ID + ":data:" + d.id + "#" + d.path;
    }

    private ObjectNode projectDataJson(EmulatorState.DataRec d) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("data", dataJson(d));
        o.put("projectId", d.projectId);
        return o;
    }

    private ObjectNode dataJson(EmulatorState.DataRec d) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", d.id);
        o.put("urn", urn(d));
        ObjectNode det = o.putObject("details");
        det.put("timeCreated", ts(d.timeCreated));
        det.put("timeModified", ts(d.timeModified));
        det.put("creatorId", USER_ID);
        det.put("tenantId", TENANT_ID);
        det.put("tenantName", "emulator");
        det.put("owningProjectId", d.projectId);
        det.put("owningProjectName", state.project(d.projectId).map(p -> p.name).orElse(null));
        det.put("name", d.name);
        det.put("path", d.path);
        if (d.folder || d.sizeInBytes == null) {
            det.putNull("fileSizeInBytes");
        } else {
            det.put("fileSizeInBytes", d.sizeInBytes);
        }
        det.put("status", d.status(state.now()));
        ObjectNode tags = det.putObject("tags");
        for (String t : List.of("technicalTags", "userTags", "connectorTags", "runInTags", "runOutTags",
                "referenceTags")) {
            tags.putArray(t);
        }
        if (d.formatCode != null) {
            ObjectNode f = det.putObject("format");
            f.put("id", UUID.nameUUIDFromBytes(d.formatCode.getBytes(StandardCharsets.UTF_8)).toString());
            f.put("timeCreated", ts(EPOCH));
            f.put("timeModified", ts(EPOCH));
            owned(f);
            f.put("code", d.formatCode);
        }
        det.put("dataType", d.folder ? "FOLDER" : "FILE");
        if (d.objectETag == null) {
            det.putNull("objectETag");
        } else {
            det.put("objectETag", d.objectETag);
        }
        putTime(det, "storedForTheFirstTimeAt", d.storedAt);
        det.set("region", regionJson());
        det.putNull("willBeArchivedAt");
        det.putNull("willBeDeletedAt");
        if (d.folder) {
            o.putObject("folderDetails").put("nonIndexed", false);
        }
        return o;
    }

    /** A bind failure that names the side and the port taken, e.g. "the REST port 8080 on 127.0.0.1 is in use". */
    static BindException inUse(String side, int port, Exception e) {
        BindException named = new BindException("the " + side + " port " + port + " on 127.0.0.1 is in use");
        named.initCause(e);
        return named;
    }
}
