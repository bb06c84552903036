package io.icasdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class S3SideIT extends EmulatorSupport {
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode folderWithCredentials(String name, String credentials) {
        Rest.Resp r = rest.post(data() + ":createFolderWithTemporaryCredentials",
                "{\"name\":\"" + name + "\",\"folderPath\":\"/s3/\",\"temporaryCredentials\":" + credentials + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** awsTempCredentials of a new folder /s3/name/. */
    private JsonNode folderAwsCredentials(String name) {
        return folderWithCredentials(name, "{}").at("/tempCredentials/awsTempCredentials");
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    private static S3Exception s3Error(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("expected an S3Exception");
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void folderCredentials_writeInsidePrefix_indexesFileAndMissingFolders() throws Exception {
        JsonNode created = folderWithCredentials("indexed", "{}");
        JsonNode aws = created.at("/tempCredentials/awsTempCredentials");
        assertThat(aws.get("objectPrefix").asText()).isEqualTo(pid + "/s3/indexed/");
        assertThat(aws.get("bucket").asText()).isEqualTo(emu.bucket());
        byte[] content = "indexed content".getBytes(StandardCharsets.UTF_8);

        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            s3.putObject(b -> b.bucket(emu.bucket()).key(aws.get("objectPrefix").asText() + "deep/er/x.txt"),
                    RequestBody.fromBytes(content));
            assertThat(s3.listObjectsV2(b -> b.bucket(emu.bucket()).prefix(aws.get("objectPrefix").asText()))
                    .contents()).hasSize(1);
        }

        Rest.Resp list = rest.get(data() + "?filePath=" + Rest.q("/s3/indexed/") + "&pageSize=100");
        assertThat(list.json().get("items")).extracting(i -> i.at("/data/details/path").asText())
                .containsExactly("/s3/indexed/", "/s3/indexed/deep/", "/s3/indexed/deep/er/", "/s3/indexed/deep/er/x.txt");
        JsonNode file = list.json().get("items").get(3).at("/data/details");
        assertThat(file.get("fileSizeInBytes").asLong()).isEqualTo(content.length);
        assertThat(file.get("objectETag").asText()).isEqualTo(md5(content));
        assertThat(file.get("status").asText()).isEqualTo("AVAILABLE");
    }

    /** S3 holds "a" beside "a/b"; the filesystem store cannot, and says so at once (a 500 was retried for a minute). */
    @Test
    void aFileAndAFolderOfOneName_areRefusedWithA400ThatSaysWhy() {
        JsonNode aws = folderAwsCredentials("clash");
        String prefix = aws.get("objectPrefix").asText();
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            s3.putObject(b -> b.bucket(emu.bucket()).key(prefix + "a/b.txt"), RequestBody.fromBytes(new byte[] {1}));
            s3.putObject(b -> b.bucket(emu.bucket()).key(prefix + "f"), RequestBody.fromBytes(new byte[] {2}));
            for (String key : new String[] {prefix + "a", prefix + "f/c.txt"}) {
                S3Exception put = s3Error(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(key),
                        RequestBody.fromBytes(new byte[] {3})));
                assertThat(put.statusCode()).as(key).isEqualTo(400);
                assertThat(put.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
                assertThat(put.awsErrorDetails().errorMessage()).contains(key, "a file and a folder cannot share a name");
            }
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(prefix + "f")).asByteArray())
                    .containsExactly(2);

            // a folder with nothing below it (made through the API, or emptied) is refused alike: its file went unlisted
            emu.seed().createFolder(pid, "/s3/clash/empty/");
            S3Exception put = s3Error(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(prefix + "empty"),
                    RequestBody.fromBytes(new byte[] {4})));
            assertThat(put.statusCode()).isEqualTo(400);
            assertThat(put.awsErrorDetails().errorMessage()).contains("a file and a folder cannot share a name");
        }
    }

    @Test
    void credentials_outsideTheirPrefix_get403AccessDenied() {
        JsonNode aws = folderAwsCredentials("scoped");
        emu.seed().putFile(pid, "/s3/sibling/secret.txt", new byte[] {1});
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            S3Exception put = s3Error(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(pid + "/s3/sibling/x.txt"),
                    RequestBody.fromBytes(new byte[] {1})));
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(put.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            S3Exception get = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(pid + "/s3/sibling/secret.txt")));
            assertThat(get.statusCode()).isEqualTo(403);
            S3Exception list = s3Error(() -> s3.listObjectsV2(b -> b.bucket(emu.bucket()).prefix(pid + "/")));
            assertThat(list.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void readOnlyCredentials_readButRefuseWrites() {
        String fileId = emu.seed().putFile(pid, "/s3/ro/data.bin", new byte[] {1, 2, 3});
        Rest.Resp r = rest.post(data() + "/" + fileId + ":createTemporaryCredentials", "{\"readOnlyCredentials\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode aws = r.json().get("awsTempCredentials");
        assertThat(aws.get("objectPrefix").asText()).isEqualTo(pid + "/s3/ro/data.bin");
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(aws.get("objectPrefix").asText())).asByteArray())
                    .containsExactly(1, 2, 3);
            S3Exception put = s3Error(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(aws.get("objectPrefix").asText()),
                    RequestBody.fromBytes(new byte[] {9})));
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(put.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        }
    }

    @Test
    void credentials_afterTheirTtl_getExpiredToken_andEachIssuanceIsDistinct_andBothAreCounted() {
        emu.faults().credentialTtl(Duration.ofSeconds(1));
        int issuedBefore = emu.faults().credentialsIssuedCount();
        JsonNode created = folderWithCredentials("expiring", "{}");
        JsonNode aws = created.at("/tempCredentials/awsTempCredentials");
        String folderId = created.at("/data/id").asText();
        JsonNode again = rest.post(data() + "/" + folderId + ":createTemporaryCredentials", "{}").json().get("awsTempCredentials");
        assertThat(again.get("accessKey").asText()).isNotEqualTo(aws.get("accessKey").asText());
        assertThat(again.get("sessionToken").asText()).isNotEqualTo(aws.get("sessionToken").asText());
        assertThat(emu.faults().credentialsIssuedCount() - issuedBefore).isEqualTo(2);

        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            String key = aws.get("objectPrefix").asText() + "x.txt";
            int expiredBefore = emu.faults().expiredTokenCount();
            s3.putObject(b -> b.bucket(emu.bucket()).key(key), RequestBody.fromBytes(new byte[] {1}));
            assertThat(emu.faults().expiredTokenCount()).as("a valid credential's request").isEqualTo(expiredBefore);
            pause(1100);
            S3Exception expired = s3Error(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(key),
                    RequestBody.fromBytes(new byte[] {2})));
            assertThat(expired.statusCode()).isEqualTo(400);
            assertThat(expired.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            assertThat(emu.faults().expiredTokenCount() - expiredBefore).isEqualTo(1);
        }
    }

    @Test
    void expireCredentials_switch_expiresEveryIssuedCredentialAtOnce_andCountsEachRefusal() {
        JsonNode aws = folderAwsCredentials("expire-now");
        int before = emu.faults().expiredTokenCount();
        emu.faults().expireCredentials();
        assertThat(emu.faults().expiredTokenCount()).as("expiring is not yet a refusal").isEqualTo(before);
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            S3Exception e = s3Error(() -> s3.listObjectsV2(b -> b.bucket(emu.bucket()).prefix(aws.get("objectPrefix").asText())));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            assertThat(emu.faults().expiredTokenCount() - before).isEqualTo(1);
            S3Exception put = s3Error(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(aws.get("objectPrefix").asText() + "y"),
                    RequestBody.fromBytes(new byte[] {1})));
            assertThat(put.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            assertThat(emu.faults().expiredTokenCount() - before).isEqualTo(2);
        }
    }

    /** Every REST answer that hands out temporary credentials counts once; presigned URLs and refusals do not. */
    @Test
    void credentialsIssuedCount_countsEveryAnswerCarryingTemporaryCredentials_only() {
        int before = emu.faults().credentialsIssuedCount();
        String folderId = folderWithCredentials("issued", "{}").at("/data/id").asText();
        assertThat(emu.faults().credentialsIssuedCount() - before).as("createFolderWithTemporaryCredentials").isEqualTo(1);
        assertThat(rest.post(data() + ":createFileWithTemporaryCredentials",
                "{\"name\":\"f.txt\",\"folderPath\":\"/s3/issued/\",\"temporaryCredentials\":{}}").status()).isEqualTo(201);
        assertThat(emu.faults().credentialsIssuedCount() - before).as("createFileWithTemporaryCredentials").isEqualTo(2);
        assertThat(rest.post(data() + "/" + folderId + ":createTemporaryCredentials",
                "{\"credentialsFormat\":\"RCLONE\",\"readOnlyCredentials\":true}").status()).isEqualTo(200);
        assertThat(emu.faults().credentialsIssuedCount() - before).as("createTemporaryCredentials").isEqualTo(3);
        assertThat(rest.post(data() + ":createFolderWithUploadSession",
                "{\"name\":\"issued-session\",\"folderPath\":\"/s3/\",\"temporaryCredentials\":{}}").status()).isEqualTo(201);
        assertThat(rest.post(data() + "/" + folderId + "/folderUploadSessions", "{}").status()).isEqualTo(201);
        assertThat(emu.faults().credentialsIssuedCount() - before).as("two upload sessions").isEqualTo(5);

        Rest.Resp withUrl = rest.post(data() + ":createFileWithUploadUrl", "{\"name\":\"u.txt\",\"folderPath\":\"/s3/issued/\"}");
        assertThat(withUrl.status()).isEqualTo(201);
        String fileId = emu.seed().putFile(pid, "/s3/issued/d.txt", new byte[] {1});
        assertThat(rest.post(data() + "/" + fileId + ":createDownloadUrl", null).status()).isEqualTo(200);
        Rest.Resp bad = rest.raw("POST", data() + "/" + folderId + ":createTemporaryCredentials",
                "{\"credentialsFormat\":\"AWS\"}", java.util.Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(emu.faults().credentialsIssuedCount() - before).as("URLs and a refused request").isEqualTo(5);
    }

    @Test
    void rcloneCredentials_carryExpirationTimeAndS3Config() {
        emu.faults().credentialTtl(Duration.ofMinutes(10));
        JsonNode r = folderWithCredentials("rclone", "{\"credentialsFormat\":\"RCLONE\"}").at("/tempCredentials/rcloneTempCredentials");
        assertThat(r.get("storageType").asText()).isEqualTo("s3");
        assertThat(r.get("filePathPrefix").asText()).isEqualTo(emu.bucket() + "/" + pid + "/s3/rclone/");
        Instant exp = Instant.parse(r.get("expirationTime").asText());
        assertThat(exp).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(610));
        assertThat(r.at("/config/access_key_id").asText()).startsWith("ASIA");
        assertThat(r.at("/config/endpoint").asText()).isEqualTo(emu.s3Endpoint().toString());

        Rest.Resp bad = rest.raw("POST", data() + ":createFolderWithTemporaryCredentials",
                "{\"name\":\"awsfmt\",\"temporaryCredentials\":{\"credentialsFormat\":\"AWS\"}}", java.util.Map.of());
        assertThat(bad.status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ session tokens

    @Test
    void sessionToken_wrong_getsInvalidToken_missing_getsInvalidAccessKeyId_right_works() {
        JsonNode aws = folderAwsCredentials("token");
        String key = aws.get("objectPrefix").asText() + "t.txt";
        JsonNode wrong = ((com.fasterxml.jackson.databind.node.ObjectNode) aws.deepCopy())
                .put("sessionToken", aws.get("sessionToken").asText() + "x");
        try (S3Client s3 = S3Clients.sync(emu, wrong)) {
            S3Exception put = s3Error(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(key),
                    RequestBody.fromBytes(new byte[] {1})));
            assertThat(put.statusCode()).isEqualTo(400);
            assertThat(put.awsErrorDetails().errorCode()).isEqualTo("InvalidToken");
            assertThat(put.awsErrorDetails().errorMessage())
                    .isEqualTo("The provided token is malformed or otherwise invalid.");
            S3Exception head = s3Error(() -> s3.headObject(b -> b.bucket(emu.bucket()).key(key)));
            assertThat(head.statusCode()).as("HEAD answers carry no body, only the status").isEqualTo(400);
        }
        try (S3Client s3 = S3Clients.sync(emu, aws, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                aws.get("accessKey").asText(), aws.get("secretKey").asText())))) {
            S3Exception list = s3Error(() -> s3.listObjectsV2(b -> b.bucket(emu.bucket()).prefix(key)));
            assertThat(list.statusCode()).isEqualTo(403);
            assertThat(list.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
        }
        assertThat(emu.seed().readFile(pid, "/s3/token/t.txt")).as("refused writes store nothing").isEmpty();
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            s3.putObject(b -> b.bucket(emu.bucket()).key(key), RequestBody.fromBytes(new byte[] {2}));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray()).containsExactly(2);
        }
    }

    @Test
    void sessionToken_wrongOnALargeUpload_nettyClientSeesInvalidToken_notAClosedConnection() {
        JsonNode aws = folderAwsCredentials("token-netty");
        JsonNode wrong = ((com.fasterxml.jackson.databind.node.ObjectNode) aws.deepCopy()).put("sessionToken", "bogus");
        byte[] content = new byte[4 * 1024 * 1024];
        try (S3AsyncClient netty = S3AsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .region(Region.of(aws.get("region").asText()))
                .endpointOverride(emu.s3Endpoint())
                .forcePathStyle(true)
                .credentialsProvider(S3Clients.provider(wrong))
                .build()) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> netty.putObject(b -> b.bucket(emu.bucket())
                        .key(aws.get("objectPrefix").asText() + "big.bin"), AsyncRequestBody.fromBytes(content)).join())
                        .hasCauseInstanceOf(S3Exception.class)
                        .cause().satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode())
                                .isEqualTo("InvalidToken"));
            }
        }
    }

    @Test
    void presignedUrl_carriesTheSessionTokenInTheQuery_andATamperedOrMissingTokenIsRefused() throws Exception {
        String id = emu.seed().putFile(pid, "/s3/presign/p.txt", new byte[] {4, 2});
        JsonNode aws = rest.post(data() + "/" + id + ":createTemporaryCredentials", "{}").json().get("awsTempCredentials");
        GetObjectRequest get = GetObjectRequest.builder().bucket(emu.bucket()).key(aws.get("objectPrefix").asText()).build();
        URI withToken = presign(aws, S3Clients.provider(aws), get);
        assertThat(withToken.getRawQuery()).contains("X-Amz-Security-Token=");
        HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(withToken).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).containsExactly(4, 2);

        URI tampered = URI.create(withToken.toString().replace("X-Amz-Security-Token=", "X-Amz-Security-Token=x"));
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<Code>InvalidToken</Code>");

        URI noToken = presign(aws, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                aws.get("accessKey").asText(), aws.get("secretKey").asText())), get);
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(noToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("<Code>InvalidAccessKeyId</Code>");

        String emulatorUrl = rest.post(data() + "/" + id + ":createDownloadUrl", null).json().get("url").asText();
        assertThat(emulatorUrl).as("the emulator's own URLs are signed with temporary keys too")
                .contains("X-Amz-Security-Token=");
    }

    private URI presign(JsonNode aws, StaticCredentialsProvider credentials, GetObjectRequest get) {
        try (S3Presigner presigner = S3Presigner.builder()
                .region(Region.of(aws.get("region").asText()))
                .endpointOverride(emu.s3Endpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(credentials)
                .build()) {
            return URI.create(presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get)).url().toString());
        }
    }

    // ------------------------------------------------------------------ PARTIAL -> AVAILABLE

    @Test
    void fileCreatedThroughApi_thenWritten_becomesAvailableAfterTheLag() throws Exception {
        emu.faults().partialLag(Duration.ofMillis(1500));
        Rest.Resp r = rest.post(data() + ":createFileWithTemporaryCredentials",
                "{\"name\":\"lag.bin\",\"folderPath\":\"/s3/lag/\",\"temporaryCredentials\":{}}");
        String id = r.json().at("/data/id").asText();
        JsonNode aws = r.json().at("/tempCredentials/awsTempCredentials");
        assertThat(aws.get("objectPrefix").asText()).isEqualTo(pid + "/s3/lag/lag.bin");
        byte[] content = new byte[1234];
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            s3.putObject(b -> b.bucket(emu.bucket()).key(aws.get("objectPrefix").asText()), RequestBody.fromBytes(content));
        }
        JsonNode after = details(id);
        assertThat(after.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(after.get("fileSizeInBytes").asLong()).isEqualTo(1234);
        await("AVAILABLE", Duration.ofSeconds(5), () -> details(id).get("status").asText().equals("AVAILABLE"));
        assertThat(details(id).get("objectETag").asText()).isEqualTo(md5(content));
        assertThat(rest.get(data() + "?id=" + id).json().at("/items/0/data/id").asText()).isEqualTo(id);
    }

    // ------------------------------------------------------------------ presigned URLs

    @Test
    void uploadUrl_takesPlainHttpPut_andDownloadUrlsServeTheBytes() throws Exception {
        Rest.Resp r = rest.post(data() + ":createFileWithUploadUrl",
                "{\"name\":\"put.txt\",\"folderPath\":\"/s3/url/\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/data/id").asText();
        byte[] content = "via presigned url".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(r.json().get("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(details(id).get("fileSizeInBytes").asLong()).isEqualTo(content.length);

        String url = rest.post(data() + "/" + id + ":createDownloadUrl", null).json().get("url").asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body())
                .isEqualTo(content);

        String other = emu.seed().putFile(pid, "/s3/url/other.txt", new byte[] {7});
        JsonNode bulk = rest.post(data() + ":createDownloadUrls",
                "{\"dataIds\":[\"" + id + "\",\"" + other + "\",\"fil.00000000000000000000000000000000\"]}").json();
        assertThat(bulk.get("items")).extracting(i -> i.get("dataPath").asText())
                .containsExactly("/s3/url/put.txt", "/s3/url/other.txt");
        JsonNode byPath = rest.post(data() + ":createDownloadUrls", "{\"dataPaths\":[\"/s3/url/other.txt\"]}").json();
        assertThat(byPath.at("/items/0/dataId").asText()).isEqualTo(other);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(byPath.at("/items/0/url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body()).containsExactly(7);

        Rest.Resp overwrite = rest.post(data() + "/" + other + ":createUploadUrl", null);
        assertThat(overwrite.status()).as("AVAILABLE files cannot get an upload URL").isEqualTo(400);
        String newId = rest.post(data() + ":createFile", "{\"name\":\"late.txt\",\"folderPath\":\"/s3/url/\"}")
                .json().at("/data/id").asText();
        assertThat(rest.post(data() + "/" + newId + ":createUploadUrl", null).json().get("url").asText())
                .startsWith(emu.s3Endpoint().toString());
    }

    @Test
    void presignedUrl_afterItsTtl_gets403() throws Exception {
        // A presigned URL's date has whole seconds, so a TTL of N s gives it N-1 to N s: 2 s, not 1, so that
        // the first GET never meets the end of the first second (it did, once in CI).
        emu.faults().presignedUrlTtl(Duration.ofSeconds(2));
        String id = emu.seed().putFile(pid, "/s3/url/expiring.txt", new byte[] {1});
        String url = rest.post(data() + "/" + id + ":createDownloadUrl", null).json().get("url").asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);
        pause(3100);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ folder upload sessions

    @Test
    void folderUploadSession_countsUploads_andCompletes() {
        Rest.Resp r = rest.post(data() + ":createFolderWithUploadSession",
                "{\"name\":\"session\",\"folderPath\":\"/s3/\",\"temporaryCredentials\":{}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String folderId = r.json().at("/data/id").asText();
        JsonNode session = r.json().get("uploadSession");
        assertThat(session.get("status").asText()).isEqualTo("OPEN");
        JsonNode aws = session.at("/tempCredentials/awsTempCredentials");
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            for (String name : List.of("a.txt", "b/c.txt")) {
                s3.putObject(b -> b.bucket(emu.bucket()).key(aws.get("objectPrefix").asText() + name),
                        RequestBody.fromBytes(new byte[] {1}));
            }
        }
        String base = data() + "/" + folderId + "/folderUploadSessions/" + session.get("id").asText();
        assertThat(rest.get(base).json().get("status").asText()).isEqualTo("OPEN");
        JsonNode done = rest.post(base + ":complete", "{\"numberOfExpectedUploadedFiles\":2}").json();
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("timeCompleted").asText()).isNotEmpty();

        JsonNode second = rest.post(data() + "/" + folderId + "/folderUploadSessions",
                "{\"credentialsFormat\":\"RCLONE\"}").json();
        assertThat(second.at("/tempCredentials/rcloneTempCredentials/uploadSessionId").asText())
                .isEqualTo(second.get("id").asText());
        JsonNode wrongCount = rest.post(data() + "/" + folderId + "/folderUploadSessions/" + second.get("id").asText()
                + ":complete", "{\"numberOfExpectedUploadedFiles\":3}").json();
        assertThat(wrongCount.get("status").asText()).isEqualTo("CLOSED");
    }

    // ------------------------------------------------------------------ CRT multipart

    @Test
    void crtClient_multipartWithPartsAbove16MiB_listParts_complete_andRangedGet() throws Exception {
        JsonNode aws = folderAwsCredentials("crt");
        String key = aws.get("objectPrefix").asText() + "big.bin";
        byte[] part1 = randomBytes(17 * 1024 * 1024, 1);
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        try (S3AsyncClient crt = S3Clients.crt(emu.s3Endpoint(), aws)) {
            String uploadId = crt.createMultipartUpload(b -> b.bucket(emu.bucket()).key(key)).join().uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            byte[][] bodies = {part1, part2};
            for (int i = 0; i < 2; i++) {
                int n = i + 1;
                String etag = crt.uploadPart(b -> b.bucket(emu.bucket()).key(key).uploadId(uploadId).partNumber(n),
                        AsyncRequestBody.fromBytes(bodies[i])).join().eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            ListPartsResponse listed = crt.listParts(b -> b.bucket(emu.bucket()).key(key).uploadId(uploadId)).join();
            assertThat(listed.parts()).hasSize(2);
            crt.completeMultipartUpload(b -> b.bucket(emu.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).join();

            ResponseBytes<GetObjectResponse> range = crt.getObject(b -> b.bucket(emu.bucket()).key(key)
                    .range("bytes=100-199"), AsyncResponseTransformer.toBytes()).join();
            byte[] expected = new byte[100];
            System.arraycopy(part1, 100, expected, 0, 100);
            assertThat(range.asByteArray()).isEqualTo(expected);
        }
        JsonNode file = rest.get(data() + "?filePath=" + Rest.q("/s3/crt/big.bin")
                + "&filePathMatchMode=FULL_CASE_INSENSITIVE").json().at("/items/0/data/details");
        assertThat(file.get("fileSizeInBytes").asLong()).isEqualTo(part1.length + part2.length);
        assertThat(file.get("objectETag").asText()).endsWith("-2");
    }

    /**
     * A HEAD of part 1 tells the first part's size and the part count, as S3 does (S3Proxy alone answers 501): what
     * a client needs to check a multipart ETag through ranges of the upload's part size. Only within the
     * credential's prefix; an object written again in one request has no parts to tell.
     */
    @Test
    void headOfPartOne_ofAMultipartObject_tellsItsFirstPartSizeAndPartCount() throws Exception {
        JsonNode aws = folderAwsCredentials("parts");
        String key = aws.get("objectPrefix").asText() + "odd.bin";
        byte[] part1 = randomBytes(6 * 1024 * 1024 + 3, 2);
        byte[] part2 = randomBytes(1000, 3);
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            twoPartObject(s3, key, part1, part2);

            HeadObjectResponse first = s3.headObject(b -> b.bucket(emu.bucket()).key(key).partNumber(1));
            assertThat(first.contentLength()).isEqualTo(part1.length);
            assertThat(first.partsCount()).isEqualTo(2);
            assertThat(first.eTag()).endsWith("-2\"");
            assertThat(first.contentRange()).isEqualTo("bytes 0-" + (part1.length - 1) + "/" + (part1.length + part2.length));

            s3.putObject(b -> b.bucket(emu.bucket()).key(key), RequestBody.fromBytes(part2));
            assertThat(s3.headObject(b -> b.bucket(emu.bucket()).key(key).partNumber(1)).partsCount())
                    .as("written again in one request: no parts").isNull();
        }
        String other = aws.get("objectPrefix").asText() + "other.bin";
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            twoPartObject(s3, other, part1, part2);
        }
        try (S3Client elsewhere = S3Clients.sync(emu, folderAwsCredentials("elsewhere"))) {
            assertThat(s3Error(() -> elsewhere.headObject(b -> b.bucket(emu.bucket()).key(other).partNumber(1)))
                    .statusCode()).as("outside the credential's prefix").isNotEqualTo(206).isGreaterThanOrEqualTo(400);
        }
    }

    /** Writes {@code key} with a two-part multipart upload; returns the object's ETag. */
    private String twoPartObject(S3Client s3, String key) {
        return twoPartObject(s3, key, randomBytes(5 * 1024 * 1024, 4), randomBytes(1000, 5));
    }

    private String twoPartObject(S3Client s3, String key, byte[] part1, byte[] part2) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(emu.bucket()).key(key)).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(emu.bucket()).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(emu.bucket()).key(key).uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(part2)).eTag();
        return s3.completeMultipartUpload(b -> b.bucket(emu.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(),
                CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();
    }

    /**
     * S3Proxy answers 501 to a request with a parameter it does not support (torrent, tagging, ...) before it looks
     * at the signature or the credential: a HEAD of part 1 with such a parameter and a signature of zeros must not
     * be answered with the object's ETag, size and part count (the secret key would not be needed).
     */
    @Test
    void headOfPartOne_withAForgedSignature_isRefused() throws Exception {
        JsonNode aws = folderAwsCredentials("forged");
        String key = aws.get("objectPrefix").asText() + "mp.bin";
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            twoPartObject(s3, key);
        }
        String date = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        HttpRequest head = HttpRequest.newBuilder(URI.create(emu.s3Endpoint() + "/" + emu.bucket() + "/" + key
                        + "?partNumber=1&torrent"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("x-amz-date", date)
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .header("x-amz-security-token", aws.get("sessionToken").asText())
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + aws.get("accessKey").asText() + "/"
                        + date.substring(0, 8) + "/" + emu.region() + "/s3/aws4_request, SignedHeaders=host;x-amz-date,"
                        + " Signature=" + "0".repeat(64))
                .build();
        HttpResponse<Void> r = http.send(head, HttpResponse.BodyHandlers.discarding());
        assertThat(r.headers().firstValue("x-amz-mp-parts-count")).as("told to a forged signature").isEmpty();
        assertThat(r.headers().firstValue("ETag")).isEmpty();
        assertThat(r.statusCode()).as("S3Proxy's own refusal of the torrent parameter").isEqualTo(501);
    }

    /**
     * The same with a genuine signature by a credential that has expired: S3 answers 400 ExpiredToken, and so does
     * the emulator; with another parameter S3Proxy answers 501 before it looks at the credential, and nothing more.
     */
    @Test
    void headOfPartOne_withAnExpiredCredential_isRefused() throws Exception {
        JsonNode aws = folderAwsCredentials("expired-parts");
        String key = aws.get("objectPrefix").asText() + "mp.bin";
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            twoPartObject(s3, key);
            emu.faults().expireCredentials();
            S3Exception plain = s3Error(() -> s3.headObject(b -> b.bucket(emu.bucket()).key(key).partNumber(1)));
            assertThat(plain.statusCode()).as("without the extra parameter").isEqualTo(400);
            S3Exception other = s3Error(() -> s3.headObject(b -> b.bucket(emu.bucket()).key(key).partNumber(1)
                    .overrideConfiguration(o -> o.putRawQueryParameter("torrent", ""))));
            assertThat(other.statusCode()).as("S3Proxy's own refusal of the torrent parameter").isEqualTo(501);
        }
    }

    @Test
    void crtClient_automaticMultipartPutObject_works_withoutClientWorkaround() {
        JsonNode aws = folderAwsCredentials("crt-auto");
        String key = aws.get("objectPrefix").asText() + "auto.bin";
        byte[] content = randomBytes(20 * 1024 * 1024, 3);
        try (S3AsyncClient crt = S3Clients.crt(emu.s3Endpoint(), aws)) {
            crt.putObject(b -> b.bucket(emu.bucket()).key(key), AsyncRequestBody.fromBytes(content)).join();
        }
        assertThat(emu.seed().readFile(pid, "/s3/crt-auto/auto.bin")).contains(content);
    }

    // ------------------------------------------------------------------ S3 faults

    @Test
    void s3Reset_cutsGetAndPutMidBody_once_andCounts() {
        JsonNode aws = folderAwsCredentials("reset");
        String key = aws.get("objectPrefix").asText() + "r.bin";
        byte[] content = randomBytes(2 * 1024 * 1024, 2);
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            s3.putObject(b -> b.bucket(emu.bucket()).key(key), RequestBody.fromBytes(content));
            int before = emu.faults().resetCount();

            emu.faults().s3ResetConnections(1, S3Op.GET);
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray())
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
            assertThat(emu.faults().resetCount() - before).isEqualTo(1);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray()).isEqualTo(content);

            emu.faults().s3ResetConnections(1, S3Op.PUT);
            byte[] other = new byte[content.length];
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(emu.bucket()).key(key), RequestBody.fromBytes(other)))
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
            assertThat(emu.faults().resetCount() - before).isEqualTo(2);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray())
                    .as("the cut upload stored nothing").isEqualTo(content);
        }
    }

    @Test
    void s3Stall_holdsOneGetHalfWay_thenCutsIt_andCountsAsTheStallBegins() throws Exception {
        JsonNode aws = folderAwsCredentials("stall");
        String key = aws.get("objectPrefix").asText() + "s.bin";
        byte[] content = randomBytes(1024 * 1024, 3);
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            s3.putObject(b -> b.bucket(emu.bucket()).key(key), RequestBody.fromBytes(content));
            int before = emu.faults().stalledCount();

            emu.faults().s3StallDownloads(1, Duration.ofSeconds(2));
            long t0 = System.nanoTime();
            CompletableFuture<byte[]> stalled = CompletableFuture.supplyAsync(
                    () -> s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray());
            await("the stall to begin", Duration.ofSeconds(10), () -> emu.faults().stalledCount() - before == 1);
            assertThat(stalled).as("counted while the GET is held").isNotDone();
            assertThat(emu.faults().s3RequestsInFlight()).as("the held GET is in flight").isPositive();
            assertThatThrownBy(stalled::join).hasCauseInstanceOf(SdkClientException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(emu.faults().stalledCount() - before).isEqualTo(1);
            await("the server to be done with the held GET", Duration.ofSeconds(10),
                    () -> emu.faults().s3RequestsInFlight() == 0);

            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray())
                    .as("the stall was used up").isEqualTo(content);
            assertThat(emu.faults().stalledCount() - before).isEqualTo(1);
        }
    }

    @Test
    void s3Corrupt_flipsOneBitOfTheFirstByteOfOneGet_andCounts() {
        JsonNode aws = folderAwsCredentials("corrupt");
        String key = aws.get("objectPrefix").asText() + "c.bin";
        byte[] content = randomBytes(64 * 1024, 4);
        // seeded, so the object has no stored CRC that the client would check (and fail on) itself
        emu.seed().putFile(pid, "/s3/corrupt/c.bin", content);
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            int before = emu.faults().corruptedCount();
            emu.faults().s3CorruptDownloads(1);
            byte[] got = s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray();
            byte[] expected = content.clone();
            expected[0] ^= 1;
            assertThat(got).isEqualTo(expected);
            assertThat(emu.faults().corruptedCount() - before).isEqualTo(1);

            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray())
                    .as("the corruption was used up").isEqualTo(content);
            assertThat(emu.faults().corruptedCount() - before).isEqualTo(1);
        }
    }

    /** An empty object has no body to cut: its GET or PUT must not use up the reset meant for one that has. */
    @Test
    void s3Reset_skipsTransfersOfAnEmptyObject_andCutsTheNextOneWithBytes() {
        JsonNode aws = folderAwsCredentials("reset-empty");
        String prefix = aws.get("objectPrefix").asText();
        byte[] content = randomBytes(64 * 1024, 7);
        emu.seed().putFile(pid, "/s3/reset-empty/empty.bin", new byte[0]);
        emu.seed().putFile(pid, "/s3/reset-empty/full.bin", content);
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            int before = emu.faults().resetCount();
            emu.faults().s3ResetConnections(1, S3Op.ANY);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(prefix + "empty.bin")).asByteArray()).isEmpty();
            s3.putObject(b -> b.bucket(emu.bucket()).key(prefix + "empty2.bin"), RequestBody.fromBytes(new byte[0]));
            assertThat(emu.faults().resetCount()).isEqualTo(before);

            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(prefix + "full.bin")))
                    .as("the reset is still due").isInstanceOf(SdkClientException.class);
            assertThat(emu.faults().resetCount() - before).isEqualTo(1);
        }
    }

    /** An empty object has no byte to stall at or flip: its GET must not use up the fault meant for one that has. */
    @Test
    void s3Stall_skipsAGetOfAnEmptyObject_andHoldsTheNextGetWithBytes() {
        JsonNode aws = folderAwsCredentials("stall-empty");
        String prefix = aws.get("objectPrefix").asText();
        emu.seed().putFile(pid, "/s3/stall-empty/empty.bin", new byte[0]);
        emu.seed().putFile(pid, "/s3/stall-empty/full.bin", randomBytes(64 * 1024, 5));
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            int before = emu.faults().stalledCount();
            emu.faults().s3StallDownloads(1, Duration.ofMillis(500));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(prefix + "empty.bin")).asByteArray()).isEmpty();
            assertThat(emu.faults().stalledCount()).isEqualTo(before);

            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(prefix + "full.bin")))
                    .as("the stall is still due").isInstanceOf(SdkClientException.class);
            assertThat(emu.faults().stalledCount() - before).isEqualTo(1);
        }
    }

    @Test
    void s3Corrupt_skipsAGetOfAnEmptyObject_andFlipsTheNextGetWithBytes() {
        JsonNode aws = folderAwsCredentials("corrupt-empty");
        String prefix = aws.get("objectPrefix").asText();
        byte[] content = randomBytes(64 * 1024, 6);
        emu.seed().putFile(pid, "/s3/corrupt-empty/empty.bin", new byte[0]);
        emu.seed().putFile(pid, "/s3/corrupt-empty/full.bin", content);
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            int before = emu.faults().corruptedCount();
            emu.faults().s3CorruptDownloads(1);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(prefix + "empty.bin")).asByteArray()).isEmpty();
            assertThat(emu.faults().corruptedCount()).isEqualTo(before);

            byte[] got = s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(prefix + "full.bin")).asByteArray();
            assertThat(got[0]).as("the corruption is still due").isEqualTo((byte) (content[0] ^ 1));
            assertThat(emu.faults().corruptedCount() - before).isEqualTo(1);
        }
    }

    @Test
    void s3LatencyAndBandwidthCap_slowTransfers() {
        JsonNode aws = folderAwsCredentials("slow");
        String key = aws.get("objectPrefix").asText() + "s.bin";
        try (S3Client s3 = S3Clients.sync(emu, aws)) {
            s3.putObject(b -> b.bucket(emu.bucket()).key(key), RequestBody.fromBytes(new byte[300_000]));
            emu.faults().s3Latency(Duration.ofMillis(300));
            long t0 = System.nanoTime();
            s3.headObject(b -> b.bucket(emu.bucket()).key(key));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            emu.faults().s3Latency(Duration.ZERO).s3BandwidthBytesPerSecond(200_000);
            t0 = System.nanoTime();
            assertThat(s3.getObjectAsBytes(b -> b.bucket(emu.bucket()).key(key)).asByteArray()).hasSize(300_000);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        }
    }
}
