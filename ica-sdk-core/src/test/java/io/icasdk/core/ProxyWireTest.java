package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * ICA's REST calls through an HTTP proxy (HTTP_PROXY / HTTPS_PROXY): the MockWebServer plays the proxy,
 * so it receives each request in the absolute form a proxy gets, for a host that is never resolved.
 */
class ProxyWireTest extends WireTestSupport {
  private static final String REGIONS = """
      {"items": [{"id": "r1", "code": "US", "cityName": "Virginia", "country": {"code": "US"}}]}""";

  private IcaClient throughProxy(String proxyUrl) {
    return builder().baseUrl("http://ica.test/ica/rest").allowInsecureHttp(true)
        .environment(Map.of("HTTP_PROXY", proxyUrl)).apiKey(API_KEY).build();
  }

  private String proxyAddress() {
    return server.getHostName() + ":" + server.getPort();
  }

  @Test
  void restCalls_goToTheProxy_naming_theIcaHost() throws Exception {
    enqueue(200, REGIONS);

    IcaClient client = throughProxy("http://" + proxyAddress());
    assertThat(client.listRegions()).hasSize(1);

    RecordedRequest r = take();
    assertThat(r.getRequestLine()).isEqualTo("GET http://ica.test/ica/rest/api/regions HTTP/1.1");
    assertThat(r.getHeaders().get("Host")).isEqualTo("ica.test");
    assertCommonHeaders(r);
    assertThat(client.httpProxy().route(client.baseUrl()).orElseThrow().describe())
        .isEqualTo(proxyAddress() + " (from HTTP_PROXY)");
  }

  @Test
  void theProxyUrlsCredentials_goWithEveryRequest_decodedAsCurlDoes() throws Exception {
    enqueue(200, REGIONS);
    enqueue(200, REGIONS);

    IcaClient client = throughProxy("http://svc%40corp:pa%3Ass+w@" + proxyAddress());
    client.listRegions();
    client.listRegions();

    String basic = "Basic " + Base64.getEncoder().encodeToString("svc@corp:pa:ss+w".getBytes(StandardCharsets.UTF_8));
    assertThat(take().getHeaders().get("Proxy-Authorization")).isEqualTo(basic);
    assertThat(take().getHeaders().get("Proxy-Authorization")).isEqualTo(basic);
  }

  @Test
  void aProxyRefusingTheCredentials_getsThemOnce_andTheErrorSaysSo() {
    for (int i = 0; i < 10; i++) {
      enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
          .body("").build());
    }

    IcaException e = catchThrowableOfType(IcaException.class,
        () -> throughProxy("http://svc:wrong@" + proxyAddress()).listRegions());

    assertThat(server.getRequestCount()).as("a wrong password sent again could lock the account").isEqualTo(1);
    assertThat(e.status()).hasValue(407);
    assertThat(e.getMessage()).contains("refused the credentials of its URL (user svc)").doesNotContain("wrong");
  }

  @Test
  void a401FromIca_staysAnAuthenticationError_whenAProxyUrlCarriesCredentials() {
    enqueue(401, Fixtures.problem(401, "ICA_SEC_002", "Unauthorized"));
    IcaClient client = builder().apiKey(API_KEY).retryPolicy(RetryPolicy.none())
        .environment(Map.of("HTTPS_PROXY", "http://svc:pw@proxy.corp.invalid:3128")).build();

    assertThat(catchThrowableOfType(IcaAuthenticationException.class, client::listRegions).status()).hasValue(401);
  }

  @Test
  void a407ToTheTunnelForHttpsIca_withoutCredentials_saysWhereToPutThem_evenWithDebugLogging() {
    ch.qos.logback.classic.Logger http = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.icasdk.core.http");
    ch.qos.logback.classic.Level level = http.getLevel();
    http.setLevel(ch.qos.logback.classic.Level.DEBUG); // as `ica -vv`: the response line is logged, of no body
    try {
      enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
      IcaClient client = builder().baseUrl("https://ica.test/ica/rest").retryPolicy(RetryPolicy.none())
          .environment(Map.of("HTTPS_PROXY", "http://" + proxyAddress())).apiKey(API_KEY).build();

      IcaException e = catchThrowableOfType(IcaException.class, client::listRegions);

      assertThat(e.status()).hasValue(407);
      assertThat(e.getMessage()).contains("asks for credentials: give them in the proxy URL");
    } finally {
      http.setLevel(level);
    }
  }

  @Test
  void a407ToTheTunnelForHttpsIca_withCredentials_namesTheJavaSettingThatSendsThem() {
    assertThat(System.getProperty("jdk.http.auth.tunneling.disabledSchemes")).as("the JDK's default").isNull();
    enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
    IcaClient client = builder().baseUrl("https://ica.test/ica/rest").retryPolicy(RetryPolicy.none())
        .environment(Map.of("HTTPS_PROXY", "http://svc:pw@" + proxyAddress())).apiKey(API_KEY).build();

    IcaException e = catchThrowableOfType(IcaException.class, client::listRegions);

    assertThat(e.getMessage()).contains("-Djdk.http.auth.tunneling.disabledSchemes=");
  }

  @Test
  void aProxyAskingForCredentials_withoutAny_saysWhereToPutThem() {
    enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
        .body("").build());

    IcaException e = catchThrowableOfType(IcaException.class,
        () -> throughProxy("http://" + proxyAddress()).listRegions());

    assertThat(e.status()).hasValue(407);
    assertThat(e.getMessage()).contains("The HTTP proxy " + proxyAddress() + " (from HTTP_PROXY) asks for credentials")
        .contains("http://user:password@host:port");
  }

  @Test
  void anUnreachableProxy_isNamedInTheError_withoutItsPassword() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    IcaClient client = throughProxy("http://svc:SENTINEL-PROXY-PASSWORD@127.0.0.1:" + closed);

    IcaIoException e = catchThrowableOfType(IcaIoException.class, client::listRegions);

    assertThat(e.getMessage())
        .contains("with ICA at http://ica.test through the HTTP proxy 127.0.0.1:" + closed + " (from HTTP_PROXY)")
        .contains("Check the network connection, the proxy and the server URL")
        .doesNotContain("SENTINEL-PROXY-PASSWORD");
    assertThat(client.toString() + client.httpProxy()).doesNotContain("SENTINEL-PROXY-PASSWORD");
    assertThat(server.getRequestCount()).isZero();
  }
}
