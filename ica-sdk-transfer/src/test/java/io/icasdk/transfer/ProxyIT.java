package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A network that reaches ICA and S3 only through an authenticating HTTP proxy named by {@code HTTP_PROXY}:
 * the REST API and the S3 side of the emulator are addressed by names that only the proxy can reach
 * ({@code ica.test}, {@code s3.test}), so a call that bypassed the proxy would fail. The proxy's password
 * reaches no log event (TRACE, ours and the AWS SDK's) and no journal.
 */
class ProxyIT {
    @RegisterExtension
    static IcaEmulatorExtension emulator = new IcaEmulatorExtension();

    @TempDir
    Path dir;

    @Test
    void uploadAndDownload_throughAnAuthenticatingProxy_sendEveryIcaAndS3RequestThroughIt() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("run");
        Trees.file(src.resolve("reads.fastq.gz"), 12L * MIB + 3, 1); // multipart: the SDK's S3 client
        Trees.file(src.resolve("sub/sample sheet.csv"), 1000, 2);    // one request: the CRT's own client
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger sdk = (Logger) LoggerFactory.getLogger("io.icasdk");
        Logger aws = (Logger) LoggerFactory.getLogger("software.amazon.awssdk");
        Level sdkLevel = sdk.getLevel();
        Level awsLevel = aws.getLevel();
        for (Logger l : List.of(sdk, aws)) {
            l.setLevel(Level.TRACE);
            l.setAdditive(false); // captured, not printed
            l.addAppender(logs);
        }
        try (ForwardingProxy proxy = new ForwardingProxy("svc@corp", "SENTINEL-PROXY-PW")) {
            Map<String, String> env = Map.of(
                    "HTTP_PROXY", "http://svc%40corp:SENTINEL-PROXY-PW@127.0.0.1:" + proxy.port(),
                    "NO_PROXY", ".example.invalid");
            IcaClient client = IcaClient.builder()
                    .baseUrl("http://ica.test:" + ica.baseUrl().getPort() + ica.baseUrl().getPath())
                    .allowInsecureHttp(true).apiKey(ica.apiKey()).defaultProjectId(ica.projectId())
                    .userHome(dir).environment(env).build();
            try (TransferManager tm = TransferManager.builder().icaClient(client)
                    .s3EndpointOverride(URI.create("http://s3.test:" + ica.s3Endpoint().getPort()))
                    .partSizeInBytes(5L * MIB).journalDirectory(dir.resolve("journals")).build()) {

                TransferResult up = tm.upload(r -> r.source(src).remoteFolder("/proxied/")).join();
                Path back = dir.resolve("back");
                TransferResult down = tm.download(r -> r.remotePath("/proxied/").target(back)).join();

                assertThat(up.failures()).isEmpty();
                assertThat(up.succeeded()).isEqualTo(2);
                assertThat(down.failures()).isEmpty();
                assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
            }
            assertThat(proxy.connectionsTo("ica.test")).as("REST calls through the proxy").isPositive();
            assertThat(proxy.connectionsTo("s3.test")).as("S3 requests through the proxy").isPositive();
            assertThat(proxy.connectionsTo("127.0.0.1")).isZero();
        } finally {
            sdk.setLevel(sdkLevel);
            aws.setLevel(awsLevel);
            for (Logger l : List.of(sdk, aws)) {
                l.detachAppender(logs);
                l.setAdditive(true);
            }
        }
        String basic = Base64.getEncoder().encodeToString("svc@corp:SENTINEL-PROXY-PW".getBytes(StandardCharsets.UTF_8));
        assertThat(logs.list).as("log events captured").isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String text = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(text).doesNotContain("SENTINEL-PROXY-PW").doesNotContain(basic);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("journals"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    assertThat(Files.readString(f)).doesNotContain("SENTINEL-PROXY-PW");
                }
            }
        }
    }
}
