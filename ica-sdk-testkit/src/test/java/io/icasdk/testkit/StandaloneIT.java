package io.icasdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class StandaloneIT {

    /**
     * On disk an object is a file, whose name the file system limits to 255 bytes, and the store adds 37 characters
     * while it writes one: a longer name (which S3 and ICA take) is a 400 that says so, at once, for a single PUT and
     * the start of a multipart upload alike (a 500 was retried for a minute).
     */
    @Test
    void dataDir_aNameTooLongForTheDisk_isA400ThatSaysWhy(@TempDir Path dir) {
        try (IcaEmulator disk = IcaEmulator.builder().dataDir(dir).start()) {
            String pid = disk.projectId();
            JsonNode aws = new Rest(disk).post("/api/projects/" + pid + "/data:createFolderWithTemporaryCredentials",
                    "{\"name\":\"long\",\"folderPath\":\"/\",\"temporaryCredentials\":{}}")
                    .json().at("/tempCredentials/awsTempCredentials");
            String key = aws.get("objectPrefix").asText() + "a".repeat(230) + ".txt";
            try (S3Client s3 = S3Clients.sync(disk, aws)) {
                S3Exception put = assertThrows(S3Exception.class,
                        () -> s3.putObject(b -> b.bucket(disk.bucket()).key(key), RequestBody.fromBytes(new byte[1])));
                assertThat(put.statusCode()).isEqualTo(400);
                assertThat(put.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
                assertThat(put.awsErrorDetails().errorMessage()).contains(key, "too long", "255 bytes");
                S3Exception multipart = assertThrows(S3Exception.class,
                        () -> s3.createMultipartUpload(b -> b.bucket(disk.bucket()).key(key)));
                assertThat(multipart.statusCode()).isEqualTo(400);
                assertThat(multipart.awsErrorDetails().errorMessage()).contains(key, "too long");
                String fine = aws.get("objectPrefix").asText() + "a".repeat(200) + ".txt";
                s3.putObject(b -> b.bucket(disk.bucket()).key(fine), RequestBody.fromBytes(new byte[] {7}));
                assertThat(s3.getObjectAsBytes(b -> b.bucket(disk.bucket()).key(fine)).asByteArray()).containsExactly(7);
            }
        }
    }

    @Test
    void dataDir_keepsProjectRecordsObjectsAndCredentials_acrossRestart(@TempDir Path dir) {
        byte[] content = "kept".getBytes(StandardCharsets.UTF_8);
        String pid;
        String apiKey;
        String fileId;
        JsonNode aws;
        try (IcaEmulator first = IcaEmulator.builder().dataDir(dir).start()) {
            pid = first.projectId();
            apiKey = first.apiKey();
            fileId = first.seed().putFile(pid, "/keep/a.txt", content);
            Rest rest = new Rest(first);
            aws = rest.post("/api/projects/" + pid + "/data:createFolderWithTemporaryCredentials",
                    "{\"name\":\"up\",\"folderPath\":\"/keep/\",\"temporaryCredentials\":{}}")
                    .json().at("/tempCredentials/awsTempCredentials");
            try (S3Client s3 = S3Clients.sync(first, aws)) {
                s3.putObject(b -> b.bucket(first.bucket()).key(aws.get("objectPrefix").asText() + "b.txt"),
                        RequestBody.fromBytes(content));
            }
        }
        try (IcaEmulator second = IcaEmulator.builder().dataDir(dir).start()) {
            assertThat(second.projectId()).isEqualTo(pid);
            assertThat(second.apiKey()).isEqualTo(apiKey);
            Rest rest = new Rest(second);
            JsonNode file = rest.get("/api/projects/" + pid + "/data/" + fileId).json();
            assertThat(file.at("/data/details/status").asText()).isEqualTo("AVAILABLE");
            assertThat(file.at("/data/details/fileSizeInBytes").asLong()).isEqualTo(content.length);
            JsonNode listed = rest.get("/api/projects/" + pid + "/data?filePath=" + Rest.q("/keep/") + "&type=FILE").json();
            assertThat(listed.get("items")).extracting(i -> i.at("/data/details/path").asText())
                    .containsExactly("/keep/a.txt", "/keep/up/b.txt");
            try (S3Client s3 = S3Clients.sync(second, aws)) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket(second.bucket())
                        .key(aws.get("objectPrefix").asText() + "b.txt")).asByteArray())
                        .as("objects and the issued credential survive the restart").isEqualTo(content);
            }
            assertThat(second.seed().readFile(pid, "/keep/a.txt")).contains(content);
        }
    }

    @Test
    void dataDir_restartedWithAnotherProjectName_makesThatProjectTheDefault_andKeepsTheFirst(@TempDir Path dir) {
        String first;
        try (IcaEmulator emu = IcaEmulator.builder().dataDir(dir).start()) {
            first = emu.projectId();
            emu.seed().putFile(first, "/kept.txt", new byte[] {1});
        }
        try (IcaEmulator emu = IcaEmulator.builder().dataDir(dir).projectName("runs").start()) {
            assertThat(emu.projectId()).isNotEqualTo(first);
            JsonNode projects = new Rest(emu).get("/api/projects").json().get("items");
            assertThat(projects).extracting(p -> p.get("name").asText()).containsExactlyInAnyOrder("demo", "runs");
            assertThat(emu.seed().readFile(first, "/kept.txt")).isPresent();
        }
        try (IcaEmulator emu = IcaEmulator.builder().dataDir(dir).projectName("demo").start()) {
            assertThat(emu.projectId()).as("a project of that name exists: it is the one").isEqualTo(first);
        }
    }

    @Test
    void run_printsEndpointKeyProjectAndExports_honoursOptions_andStopsOnInterrupt(@TempDir Path dir)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicInteger code = new AtomicInteger(-1);
        Thread runner = new Thread(() -> code.set(IcaEmulator.run(new String[] {
            "--data-dir", dir.toString(), "--api-key", "cli-key-1", "--credential-ttl", "20s"}, out, out)));
        runner.start();
        EmulatorSupport.await("the startup output", Duration.ofSeconds(30),
                () -> bytes.toString(StandardCharsets.UTF_8).contains("export ICAV2_PROJECT_ID"));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("REST endpoint", "API key       : cli-key-1", "S3 endpoint",
                "export ICAV2_X_API_KEY='cli-key-1'");
        String baseUrl = find(printed, "export ICAV2_BASE_URL='([^']+)'");
        String pid = find(printed, "export ICAV2_PROJECT_ID='([^']+)'");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> folder = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/projects/" + pid
                        + "/data:createFolderWithTemporaryCredentials"))
                .header("X-API-Key", "cli-key-1").header("Accept", Rest.V3).header("Content-Type", Rest.V3)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"cli\",\"temporaryCredentials\":{\"credentialsFormat\":\"RCLONE\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(folder.statusCode()).as(folder.body()).isEqualTo(201);
        Instant expires = Instant.parse(Rest.JSON.readTree(folder.body())
                .at("/tempCredentials/rcloneTempCredentials/expirationTime").asText());
        assertThat(expires).isBetween(Instant.now().plusSeconds(15), Instant.now().plusSeconds(21));

        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(code.get()).isZero();
    }

    @Test
    void run_withBadOption_returns2_withAClearMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IcaEmulator.run(new String[] {"--credential-ttl", "soon"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'soon' is not a duration", "Usage:");
    }

    @Test
    void start_takesUnderThreeSeconds_onceTheJvmHasLoadedTheClasses() {
        IcaEmulator.start().close();
        long t0 = System.nanoTime();
        try (IcaEmulator emulator = IcaEmulator.start()) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isLessThan(Duration.ofSeconds(3));
            assertThat(new Rest(emulator).get("/api/regions").status()).isEqualTo(200);
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text).isTrue();
        return m.group(1);
    }
}
