package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network that reaches ICA and S3 only through an authenticating HTTP proxy named by {@code HTTP_PROXY}:
 * the REST API and the S3 side of the emulator are addressed by names that only the proxy can reach
 * ({@code ica.test}, {@code s3.test}), so a call that bypassed the proxy would fail.
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
