package io.icasdk.transfer.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.icasdk.core.HttpProxy;
import io.icasdk.core.Secret;
import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.internal.BandwidthLimiter;
import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.RemoteFileStream;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy that refuses every tunnel with 407 (a wrong or missing password): S3 requests end without sending the
 * refused password again and again (an account lock-out on a directory-backed proxy), and say what to check.
 */
class ProxyRefusalTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger connectsWithPassword = new AtomicInteger();
    private ServerSocket proxy;

    @BeforeEach
    void startRefusingProxy() throws IOException {
        proxy = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        executor.execute(() -> {
            while (!proxy.isClosed()) {
                try {
                    Socket s = proxy.accept();
                    executor.execute(() -> refuse(s));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private void refuse(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String first = in.readLine();
            boolean password = false;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                password |= line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:");
            }
            if (first != null && first.startsWith("CONNECT") && password) {
                connectsWithPassword.incrementAndGet();
            }
            s.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
                    + " realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.shutdownOutput();
            while (in.read() >= 0) { // until the client closes
                continue;
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void s3Requests_throughAProxyRefusingTheirTunnel_endWithoutResendingThePassword_sayingWhy() throws Exception {
        HttpProxy.Route route = new HttpProxy.Route("127.0.0.1", proxy.getLocalPort(), "svc", Secret.of("wrong"),
                "HTTPS_PROXY");
        URI endpoint = URI.create("https://s3.proxied.test");
        S3ClientFactory.Built built = S3ClientFactory.create(new S3ClientFactory.Settings("us-east-1", endpoint, 8,
                8L << 20, Duration.ofSeconds(10), Duration.ofSeconds(30), false, executor, "crt", route));
        S3Calls calls = new S3Calls(executor, scheduler, S3Calls.Policy.defaults());
        RefreshingCredentialsProvider creds = new RefreshingCredentialsProvider("test", () ->
                new IssuedCredentials("AKIDTEST", Secret.of("secret"), Secret.of("token"), "us-east-1", "bucket",
                        "p/", null, null, Instant.now(), null), Clock.systemUTC(), executor);
        try (S3Store store = S3Store.withNativeS3(built, calls, ChecksumMode.NONE, "us-east-1", endpoint, 8,
                8L << 20, Duration.ofSeconds(30), executor, route)) {
            List<CompletableFuture<Throwable>> first = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                first.add(store.putObject(new S3Location(creds, "p/f" + i), new byte[10], 10, null, new Cancellation())
                        .handle((v, e) -> e));
            }
            for (CompletableFuture<Throwable> f : first) {
                assertThat(f.get(2, TimeUnit.MINUTES)).hasMessageContaining("AWS_ERROR_HTTP_PROXY_CONNECT_FAILED")
                        .hasMessageContaining("the proxy did not open the tunnel to this host")
                        .hasMessageContaining("a 407 means wrong or missing credentials in HTTPS_PROXY");
            }
            int sent = connectsWithPassword.get();
            assertThat(sent).as("each first call: the CRT's own four tries, no retries of ours").isBetween(1, 16);

            Throwable later = store.putObject(new S3Location(creds, "p/later"), new byte[10], 10, null,
                    new Cancellation()).handle((v, e) -> e).get(1, TimeUnit.MINUTES);

            assertThat(later).hasMessageContaining("the proxy did not open the tunnel");
            assertThat(connectsWithPassword).as("a later call does not send the password again").hasValue(sent);
        }
    }

    @Test
    void aPresignedRead_throughAProxyAskingForCredentials_saysWhereToPutThem() {
        HttpProxy httpProxy = HttpProxy.of("http://127.0.0.1:" + proxy.getLocalPort(), null);
        HttpClient http = HttpClient.newBuilder().proxy(httpProxy.selector()).build();
        RemoteFileStream in = new RemoteFileStream(http, HttpRequest::newBuilder, httpProxy,
                () -> URI.create("https://bucket.s3.us-east-1.amazonaws.com/k?X-Amz-Signature=x"), "/f.txt", 10, null,
                false, BandwidthLimiter.of(0), Duration.ofSeconds(5), scheduler);

        Throwable e = catchThrowable(in::read);

        assertThat(e).isInstanceOf(IOException.class).hasMessageContaining("refused with HTTP 407")
                .hasMessageContaining("asks for credentials: give them in the proxy URL");
    }
}
