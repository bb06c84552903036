package io.icasdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class RestApiIT extends EmulatorSupport {
    private JsonNode createFile(String folderPath, String name) {
        Rest.Resp r = rest.post(data() + ":createFile",
                "{\"name\":\"" + name + "\",\"folderPath\":\"" + folderPath + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private List<JsonNode> listAll(String query, int pageSize) {
        List<JsonNode> out = new ArrayList<>();
        String token = null;
        do {
            Rest.Resp r = rest.get(data() + "?" + query + "&pageSize=" + pageSize
                    + (token == null ? "" : "&pageToken=" + Rest.q(token)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().get("items").forEach(out::add);
            JsonNode next = r.json().get("nextPageToken");
            token = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
        } while (token != null);
        return out;
    }

    private static List<String> paths(List<JsonNode> items) {
        return items.stream().map(i -> i.at("/data/details/path").asText()).toList();
    }

    // ------------------------------------------------------------------ headers and auth

    @Test
    void request_withoutIlluminaAcceptHeader_gets400_ICA_API_004_problem() {
        Rest.Resp r = rest.raw("GET", "/api/projects", null, Map.of("Accept", "application/json"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("title").asText()).isEqualTo("ICA_API_004");
        assertThat(p.get("detail").asText()).isEqualTo("Invalid Accept Header");
        assertThat(p.get("status").asInt()).isEqualTo(400);
        assertThat(p.get("type").asText()).isEqualTo("about:blank");
        assertThat(p.get("instance").asText()).endsWith("/ica/rest/api/projects");
        assertThat(p.get("parameters").isObject()).isTrue();
        assertThat(Instant.parse(p.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(5));
        assertThat(p.get("id").asText()).hasSize(36);
    }

    @Test
    void request_withWrongApiKey_gets401_ICA_SEC_002() {
        Rest.Resp r = rest.raw("GET", "/api/projects", null, Map.of("X-API-Key", "wrong"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("title").asText()).isEqualTo("ICA_SEC_002");
        assertThat(r.body()).doesNotContain(emu.apiKey());
    }

    @Test
    void tokens_issueJwtWithExp_acceptedAsBearer_andTamperedTokenIsRefused() throws Exception {
        Rest.Resp t = rest.post("/api/tokens", null);
        assertThat(t.status()).isEqualTo(200);
        String jwt = t.json().get("token").asText();
        JsonNode claims = Rest.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(claims.get("aud").asText()).isEqualTo("ica");

        Rest.Resp ok = rest.call("GET", "/api/projects/" + pid, null,
                mapOf("X-API-Key", null, "Authorization", "Bearer " + jwt), true);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("ETag")).isNotBlank();

        String tampered = jwt.substring(0, jwt.length() - 3) + (jwt.endsWith("AAA") ? "BBB" : "AAA");
        Rest.Resp bad = rest.raw("GET", "/api/projects/" + pid, null,
                mapOf("X-API-Key", null, "Authorization", "Bearer " + tampered));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().get("title").asText()).isEqualTo("ICA_SEC_002");
    }

    @Test
    void tokens_expireAfterTokenTtl() {
        emu.faults().tokenTtl(Duration.ofSeconds(1));
        String jwt = rest.post("/api/tokens", null).json().get("token").asText();
        await("the JWT to be refused", Duration.ofSeconds(5), () -> rest.raw("GET", "/api/regions", null,
                mapOf("X-API-Key", null, "Authorization", "Bearer " + jwt)).status() == 401);
    }

    // ------------------------------------------------------------------ projects and regions

    @Test
    void projects_listSearchAndGet_andRegions() {
        String other = emu.seed().createProject("other-project");

        JsonNode all = rest.get("/api/projects").json();
        assertThat(all.get("items")).extracting(i -> i.get("id").asText()).contains(pid, other);
        JsonNode found = rest.get("/api/projects?search=OTHER").json();
        assertThat(found.get("items")).extracting(i -> i.get("name").asText()).containsExactly("other-project");

        JsonNode project = rest.get("/api/projects/" + pid).json();
        assertThat(project.get("name").asText()).isEqualTo("demo");
        assertThat(project.get("urn").asText()).isEqualTo("urn:ilmn:ica:project:" + pid + "#demo");

        JsonNode regions = rest.get("/api/regions").json();
        assertThat(regions.get("items")).hasSize(1);
        assertThat(regions.at("/items/0/code").asText()).isEqualTo("US");

        Rest.Resp missing = rest.get("/api/projects/00000000-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void jsonAnswers_areGzipped_whenTheClientAsksForIt_likeIca() throws Exception {
        for (int i = 0; i < 40; i++) {
            createFile("/gz/", "file-" + i + ".txt");
        }
        String query = data() + "?parentFolderPath=" + Rest.q("/gz/") + "&pageSize=100";
        HttpResponse<byte[]> gz = bytes(query, "gzip, deflate");
        HttpResponse<byte[]> plain = bytes(query, null);
        HttpResponse<byte[]> refused = bytes(query, "gzip;q=0, identity");

        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        byte[] inflated;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            inflated = in.readAllBytes();
        }
        assertThat(Rest.JSON.readTree(inflated)).isEqualTo(Rest.JSON.readTree(plain.body()));
        assertThat(Rest.JSON.readTree(plain.body()).get("items")).hasSize(40);
        assertThat(gz.body().length).isLessThan(plain.body().length / 4);

        HttpResponse<byte[]> problem = bytes("/api/projects/00000000-0000-0000-0000-000000000000", "gzip");
        assertThat(problem.statusCode()).isEqualTo(404);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(problem.body()))) {
            assertThat(Rest.JSON.readTree(in.readAllBytes()).get("status").asInt()).isEqualTo(404);
        }
    }

    private HttpResponse<byte[]> bytes(String pathAndQuery, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + pathAndQuery))
                .header("X-API-Key", emu.apiKey()).header("Accept", Rest.V3);
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ------------------------------------------------------------------ create

    @Test
    void createFile_createsMissingFolders_isPartial_withIcaIdsUrnsAndFullPaths() {
        JsonNode file = createFile("/create/a/b/", "x.txt");

        JsonNode d = file.get("data");
        assertThat(d.get("id").asText()).matches("fil\\.[0-9a-f]{32}");
        assertThat(d.get("urn").asText()).startsWith("urn:ilmn:ica:region:").endsWith(":data:" + d.get("id").asText() + "#/create/a/b/x.txt");
        assertThat(d.at("/details/path").asText()).isEqualTo("/create/a/b/x.txt");
        assertThat(d.at("/details/status").asText()).isEqualTo("PARTIAL");
        assertThat(d.at("/details/dataType").asText()).isEqualTo("FILE");
        assertThat(d.at("/details/fileSizeInBytes").isNull()).isTrue();
        assertThat(Instant.parse(d.at("/details/timeCreated").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(file.get("projectId").asText()).isEqualTo(pid);

        List<JsonNode> folders = listAll("filePath=" + Rest.q("/create/") + "&type=FOLDER", 100);
        assertThat(paths(folders)).containsExactly("/create/", "/create/a/", "/create/a/b/");
        assertThat(folders.get(0).at("/data/id").asText()).matches("fol\\.[0-9a-f]{32}");
    }

    @Test
    void createFile_atExistingPath_gets409_andCreateFolderToo() {
        createFile("/dup/", "x.txt");
        Rest.Resp again = rest.post(data() + ":createFile", "{\"name\":\"x.txt\",\"folderPath\":\"/dup/\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("title").asText()).isEqualTo("ICA_DATA_105");

        Rest.Resp folder = rest.post(data() + ":createFolder", "{\"name\":\"dup\",\"folderPath\":\"/\"}");
        assertThat(folder.status()).isEqualTo(409);
    }

    @Test
    void createFolder_byFolderId_returnsPathEndingWithSlash() {
        JsonNode parent = rest.post(data() + ":createFolder", "{\"name\":\"parent\"}").json();
        String parentId = parent.at("/data/id").asText();
        JsonNode child = rest.post(data() + ":createFolder",
                "{\"name\":\"child\",\"folderId\":\"" + parentId + "\"}").json();
        assertThat(child.at("/data/details/path").asText()).isEqualTo("/parent/child/");
        assertThat(child.at("/data/details/dataType").asText()).isEqualTo("FOLDER");
        assertThat(child.at("/data/folderDetails/nonIndexed").asBoolean(true)).isFalse();
    }

    @Test
    void create_withBadFolderPathOrName_gets400() {
        Rest.Resp noSlash = rest.raw("POST", data() + ":createFile", "{\"name\":\"x\",\"folderPath\":\"/a\"}", Map.of());
        assertThat(noSlash.status()).isEqualTo(400);
        assertThat(noSlash.json().get("detail").asText()).contains("must start and end with '/'");
        Rest.Resp slashInName = rest.post(data() + ":createFile", "{\"name\":\"a/b\"}");
        assertThat(slashInName.status()).isEqualTo(400);
        Rest.Resp noName = rest.raw("POST", data() + ":createFolder", "{}", Map.of());
        assertThat(noName.status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ listing

    @Test
    void list_cursorPaging_returnsEveryItemOnce_withRemainingRecords() {
        for (int i = 0; i < 25; i++) {
            emu.seed().putFile(pid, String.format("/paging/f%02d.txt", i), new byte[] {(byte) i});
        }
        Rest.Resp first = rest.get(data() + "?filePath=" + Rest.q("/paging/") + "&type=FILE&pageSize=10");
        assertThat(first.json().get("items")).hasSize(10);
        assertThat(first.json().get("remainingRecords").asLong()).isEqualTo(15);

        List<JsonNode> all = listAll("filePath=" + Rest.q("/paging/") + "&type=FILE", 10);
        assertThat(paths(all)).hasSize(25).doesNotHaveDuplicates();
        assertThat(new HashSet<>(paths(all))).contains("/paging/f00.txt", "/paging/f24.txt");
    }

    @Test
    void list_pageSizeAboveLimit_gets400_andBadTokenToo() {
        assertThat(rest.get(data() + "?pageSize=1000").status()).isEqualTo(200);
        Rest.Resp tooBig = rest.get(data() + "?pageSize=1001");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("detail").asText()).contains("1000");
        assertThat(rest.get(data() + "?pageToken=garbage").status()).isEqualTo(400);
    }

    @Test
    void list_filters_filePathFilenameParentTypeStatus() {
        emu.seed().putFile(pid, "/filters/A/one.txt", new byte[1]);
        emu.seed().putFile(pid, "/filters/a/two.txt", new byte[2]);
        emu.seed().putFile(pid, "/filters/a/sub/three.txt", new byte[3]);
        createFile("/filters/a/", "partial.bam");
        String folderA = emu.seed().createFolder(pid, "/filters/a/");
        // Paths that sort just before or after /filters/a/ (the emulator reads a folder as one sorted range).
        for (String neighbour : List.of("/filters/a b/x.txt", "/filters/a-/x.txt", "/filters/a0/x.txt",
                "/filters/a.txt")) {
            emu.seed().putFile(pid, neighbour, new byte[1]);
        }

        assertThat(paths(listAll("filePath=" + Rest.q("/FILTERS/a/") + "&type=FILE", 100)))
                .containsExactlyInAnyOrder("/filters/A/one.txt", "/filters/a/two.txt", "/filters/a/sub/three.txt",
                        "/filters/a/partial.bam");
        assertThat(paths(listAll("filePath=" + Rest.q("/filters/a/two.TXT")
                + "&filePathMatchMode=FULL_CASE_INSENSITIVE", 100))).containsExactly("/filters/a/two.txt");
        assertThat(paths(listAll("filePath=" + Rest.q("/filters/") + "&filename=two.txt&filenameMatchMode=EXACT", 100)))
                .containsExactly("/filters/a/two.txt");
        assertThat(paths(listAll("filePath=" + Rest.q("/filters/") + "&type=FILE&filename=two.txt"
                + "&filenameMatchMode=EXCLUDE", 100))).hasSize(7).doesNotContain("/filters/a/two.txt");
        assertThat(paths(listAll("filePath=" + Rest.q("/filters/") + "&filename=HRE&filenameMatchMode=FUZZY", 100)))
                .containsExactly("/filters/a/sub/three.txt");
        assertThat(paths(listAll("parentFolderId=" + folderA, 100)))
                .containsExactlyInAnyOrder("/filters/a/two.txt", "/filters/a/sub/", "/filters/a/partial.bam");
        assertThat(paths(listAll("parentFolderPath=" + Rest.q("/filters/a/") + "&type=FOLDER", 100)))
                .containsExactly("/filters/a/sub/");
        assertThat(paths(listAll("parentFolderPath=" + Rest.q("/filters/a/"), 100)))
                .containsExactlyInAnyOrder("/filters/a/two.txt", "/filters/a/sub/", "/filters/a/partial.bam");
        // Exact names in a folder: what findByPath asks (the emulator looks these up by path).
        assertThat(paths(listAll("parentFolderPath=" + Rest.q("/filters/") + "&filename=a&filename=a.txt"
                + "&filenameMatchMode=EXACT", 100))).containsExactly("/filters/a.txt", "/filters/a/");
        assertThat(paths(listAll("parentFolderPath=" + Rest.q("/filters/") + "&filename=a&type=FILE", 100))).isEmpty();
        assertThat(paths(listAll("parentFolderId=" + folderA + "&filename=two.txt&filename=none.txt", 100)))
                .containsExactly("/filters/a/two.txt");
        assertThat(paths(listAll("parentFolderPath=" + Rest.q("/filters/a/") + "&filename=sub/three.txt", 100)))
                .isEmpty();
        assertThat(paths(listAll("filePath=" + Rest.q("/filters/") + "&status=PARTIAL", 100)))
                .containsExactly("/filters/a/partial.bam");

        Rest.Resp bad = rest.get(data() + "?parentFolderPath=" + Rest.q("/filters/a"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).contains("must start and end with '/'");
    }

    @Test
    void rootFolder_isNotData_butListsTopLevelItems() {
        emu.seed().putFile(pid, "/toplevel.txt", new byte[1]);
        assertThat(paths(listAll("parentFolderPath=" + Rest.q("/") + "&type=FILE", 1000))).contains("/toplevel.txt");
        assertThat(paths(listAll("filePath=" + Rest.q("/") + "&filePathMatchMode=FULL_CASE_INSENSITIVE", 10))).isEmpty();
    }

    @Test
    void children_v3IsUnpagedDataList_v4IsPaged() {
        emu.seed().putFile(pid, "/kids/a.txt", new byte[1]);
        emu.seed().putFile(pid, "/kids/b/c.txt", new byte[1]);
        String folder = emu.seed().createFolder(pid, "/kids/");

        Rest.Resp v3 = rest.get(data() + "/" + folder + "/children");
        assertThat(v3.json().get("items")).extracting(i -> i.at("/details/path").asText())
                .containsExactlyInAnyOrder("/kids/a.txt", "/kids/b/");
        Rest.Resp v4 = rest.call("GET", data() + "/" + folder + "/children?pageSize=1", null,
                Map.of("Accept", "application/vnd.illumina.v4+json"), true);
        assertThat(v4.status()).isEqualTo(200);
        assertThat(v4.contentType()).startsWith("application/vnd.illumina.v4+json");
        assertThat(v4.json().get("items")).hasSize(1);
        assertThat(v4.json().get("nextPageToken").asText()).isNotEmpty();
    }

    @Test
    void getById_returnsSizeAndETagOfTheStoredObject() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        String id = emu.seed().putFile(pid, "/get/hello.txt", content);
        JsonNode d = rest.get(data() + "/" + id).json().get("data");
        assertThat(d.at("/details/fileSizeInBytes").asLong()).isEqualTo(5);
        assertThat(d.at("/details/objectETag").asText()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(d.at("/details/status").asText()).isEqualTo("AVAILABLE");
        assertThat(rest.get(data() + "/fil.00000000000000000000000000000000").status()).isEqualTo(404);
    }

    @Test
    void getData_byUrn_withOrWithoutPath_returnsUnwrappedDataAndETag_inAnyProject() {
        String other = emu.seed().createProject("urn-project");
        String id = emu.seed().putFile(other, "/urn/a.txt", "hello".getBytes(StandardCharsets.UTF_8));
        Rest.Resp byId = rest.get("/api/projects/" + other + "/data/" + id);
        String urn = byId.json().at("/data/urn").asText();
        assertThat(urn).endsWith(":data:" + id + "#/urn/a.txt");

        Rest.Resp got = rest.get("/api/data/" + Rest.q(urn));
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.contentType()).startsWith(Rest.V3);
        assertThat(got.json()).as("Data itself, not ProjectData").isEqualTo(byId.json().get("data"));
        assertThat(got.header("ETag")).isNotBlank().isEqualTo(byId.header("ETag"));

        String withoutPath = urn.substring(0, urn.indexOf('#'));
        assertThat(rest.get("/api/data/" + Rest.q(withoutPath)).json().get("id").asText()).isEqualTo(id);
        String folderUrn = rest.get("/api/projects/" + other + "/data?filePath=" + Rest.q("/urn/")
                + "&filePathMatchMode=FULL_CASE_INSENSITIVE").json().at("/items/0/data/urn").asText();
        assertThat(rest.get("/api/data/" + Rest.q(folderUrn)).json().at("/details/dataType").asText()).isEqualTo("FOLDER");

        Rest.Resp wrongPath = rest.get("/api/data/" + Rest.q(withoutPath + "#/urn/b.txt"));
        assertThat(wrongPath.status()).isEqualTo(404);
        Rest.Resp unknown = rest.get("/api/data/" + Rest.q(withoutPath.replace(id, "fil.00000000000000000000000000000000")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("title").asText()).isEqualTo("ICA_API_404");
        Rest.Resp malformed = rest.get("/api/data/" + Rest.q("fil." + id.substring(4)));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).contains("urn:ilmn:ica:region:<regionId>:data:<dataId>");
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void lifecycleCall_acceptingOnlyProblemJson_gets400_ICA_API_004_likeEveryCall() {
        String a = emu.seed().putFile(pid, "/life-accept/a.txt", new byte[1]);

        Rest.Resp r = rest.raw("POST", data() + "/" + a + ":archive", null, Map.of("Accept", "application/problem+json"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("title").asText()).isEqualTo("ICA_API_004");
        assertThat(rest.get(data() + "/" + a).json().at("/data/details/status").asText()).isEqualTo("AVAILABLE");
    }

    @Test
    void delete_isRecursive_204_andArchiveUnarchiveChangeStatus() {
        String a = emu.seed().putFile(pid, "/life/a.txt", new byte[1]);
        String b = emu.seed().putFile(pid, "/life/sub/b.txt", new byte[1]);
        String folder = emu.seed().createFolder(pid, "/life/");

        Rest.Resp archive = rest.lifecycle(data() + "/" + a + ":archive");
        assertThat(archive.status()).isEqualTo(204);
        assertThat(rest.get(data() + "/" + a).json().at("/data/details/status").asText()).isEqualTo("ARCHIVED");
        assertThat(rest.lifecycle(data() + "/" + a + ":unarchive").status()).isEqualTo(204);
        assertThat(rest.get(data() + "/" + a).json().at("/data/details/status").asText()).isEqualTo("AVAILABLE");

        Rest.Resp del = rest.lifecycle(data() + "/" + folder + ":delete");
        assertThat(del.status()).isEqualTo(204);
        assertThat(rest.get(data() + "/" + b).status()).isEqualTo(404);
        assertThat(rest.get(data() + "/" + folder).status()).isEqualTo(404);
        assertThat(emu.seed().readFile(pid, "/life/sub/b.txt")).isEmpty();
    }

    // ------------------------------------------------------------------ idempotency

    @Test
    void idempotencyKey_replaysSameResponse_422OnOtherBody_errorsNotStored() {
        Map<String, String> key = Map.of("Idempotency-Key", "idem-" + System.nanoTime());
        String body = "{\"name\":\"idem.txt\",\"folderPath\":\"/idem/\"}";
        Rest.Resp first = rest.post(data() + ":createFile", body, key);
        Rest.Resp replay = rest.post(data() + ":createFile", body, key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().at("/data/id").asText()).isEqualTo(first.json().at("/data/id").asText());

        Rest.Resp other = rest.post(data() + ":createFile", "{\"name\":\"other.txt\",\"folderPath\":\"/idem/\"}", key);
        assertThat(other.status()).isEqualTo(422);

        Map<String, String> key2 = Map.of("Idempotency-Key", "idem2-" + System.nanoTime());
        String clash = "{\"name\":\"idem.txt\",\"folderPath\":\"/idem/\"}";
        assertThat(rest.post(data() + ":createFile", clash, key2).status()).isEqualTo(409);
        rest.lifecycle(data() + "/" + first.json().at("/data/id").asText() + ":delete");
        assertThat(rest.post(data() + ":createFile", clash, key2).status())
                .as("an error answer is not stored: the same key may be retried").isEqualTo(201);
    }

    @Test
    void idempotencyKey_whileFirstRequestInFlight_gets409() {
        emu.faults().restLatency(Duration.ofMillis(1500));
        Map<String, String> key = Map.of("Idempotency-Key", "inflight-" + System.nanoTime());
        String body = "{\"name\":\"slow\",\"folderPath\":\"/inflight/\"}";
        CompletableFuture<Rest.Resp> a = CompletableFuture.supplyAsync(() -> rest.post(data() + ":createFolder", body, key));
        CompletableFuture<Rest.Resp> b = CompletableFuture.supplyAsync(() -> rest.post(data() + ":createFolder", body, key));

        List<Integer> statuses = List.of(a.join().status(), b.join().status());
        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        Rest.Resp conflict = a.join().status() == 409 ? a.join() : b.join();
        assertThat(conflict.json().get("title").asText()).isEqualTo("ICA_API_409");
        emu.faults().restLatency(Duration.ZERO);
        assertThat(rest.post(data() + ":createFolder", body, key).status()).as("replayed once done").isEqualTo(201);
    }

    // ------------------------------------------------------------------ faults

    @Test
    void throttle_answers429WithRetryAfter_thenRecovers_andCounts() {
        int before = emu.faults().throttledCount();
        emu.faults().throttle(2, Duration.ofMillis(1500));
        Rest.Resp r1 = rest.get("/api/regions");
        Rest.Resp r2 = rest.get("/api/regions");
        Rest.Resp r3 = rest.get("/api/regions");
        assertThat(r1.status()).isEqualTo(429);
        assertThat(r1.header("Retry-After")).isEqualTo("2");
        assertThat(r1.json().get("title").asText()).isEqualTo("ICA_API_429");
        assertThat(r2.status()).isEqualTo(429);
        assertThat(r3.status()).isEqualTo(200);
        assertThat(emu.faults().throttledCount() - before).isEqualTo(2);

        emu.faults().throttle(1, null);
        Rest.Resp noHeader = rest.get("/api/regions");
        assertThat(noHeader.status()).isEqualTo(429);
        assertThat(noHeader.header("Retry-After")).isNull();
    }

    @Test
    void serviceUnavailable_answers503_andRestLatencySlowsResponses() {
        int before = emu.faults().serviceUnavailableCount();
        emu.faults().serviceUnavailable(1);
        Rest.Resp r = rest.get("/api/regions");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("title").asText()).isEqualTo("ICA_API_503");
        assertThat(emu.faults().serviceUnavailableCount() - before).isEqualTo(1);

        emu.faults().restLatency(Duration.ofMillis(400));
        long t0 = System.nanoTime();
        assertThat(rest.get("/api/regions").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    private static Map<String, String> mapOf(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @SuppressWarnings("unused")
    private static Set<String> set(String... s) {
        return Set.of(s);
    }
}
