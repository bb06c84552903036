package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpProxyTest {
  private static final URI ICA = URI.create("https://ica.illumina.com/ica/rest");

  private static Optional<String> via(HttpProxy proxy, String url) {
    return proxy.route(URI.create(url)).map(HttpProxy.Route::describe);
  }

  @Test
  void environment_choosesTheProxyByTheTargetsScheme_upperCaseFirst() {
    HttpProxy p = HttpProxy.fromEnvironment(Map.of(
        "HTTPS_PROXY", "http://secure.corp:3128", "https_proxy", "http://ignored.corp:1",
        "http_proxy", "plain.corp"));

    assertThat(via(p, "https://ica.illumina.com/x")).contains("secure.corp:3128 (from HTTPS_PROXY)");
    assertThat(via(p, "http://s3.example.com:9000/b")).contains("plain.corp:80 (from http_proxy)");
  }

  @Test
  void environment_withoutProxyVariables_connectsDirectly() {
    HttpProxy p = HttpProxy.fromEnvironment(Map.of("NO_PROXY", "*", "PATH", "/bin"));

    assertThat(p.isNone()).isTrue();
    assertThat(p.route(ICA)).isEmpty();
    assertThat(p.selector().select(ICA)).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void noProxy_matchesNamesWithTheirSubdomains_dotsForSubdomainsOnly_portsIpsAndCidrBlocks() {
    HttpProxy p = HttpProxy.of("http://proxy.corp:8080",
        "corp.internal, .amazonaws.com,*.example.org, files.lab:8443,10.0.0.0/8,192.168.1.7,[2001:db8::1]");

    assertThat(via(p, "https://corp.internal/")).isEmpty();
    assertThat(via(p, "https://a.b.corp.internal/")).isEmpty();
    assertThat(via(p, "https://notcorp.internal/")).isPresent();
    assertThat(via(p, "https://bucket.s3.us-east-1.amazonaws.com/")).isEmpty();
    assertThat(via(p, "https://amazonaws.com/")).as("a leading dot: subdomains only").isPresent();
    assertThat(via(p, "https://www.example.org/")).isEmpty();
    assertThat(via(p, "https://files.lab:8443/")).isEmpty();
    assertThat(via(p, "https://files.lab/")).as("another port").isPresent();
    assertThat(via(p, "http://10.20.30.40:9000/")).isEmpty();
    assertThat(via(p, "http://11.0.0.1/")).isPresent();
    assertThat(via(p, "http://192.168.1.7/")).isEmpty();
    assertThat(via(p, "http://[2001:db8::1]:9000/")).isEmpty();
    assertThat(via(p, "https://ica.illumina.com/")).contains("proxy.corp:8080 (from HttpProxy.of)");
  }

  @Test
  void noProxyStar_andLoopbackHosts_goDirect() {
    assertThat(via(HttpProxy.of("proxy.corp:3128", "*"), "https://ica.illumina.com/")).isEmpty();
    HttpProxy p = HttpProxy.of("proxy.corp:3128", null);
    assertThat(via(p, "http://127.0.0.1:18080/ica/rest")).isEmpty();
    assertThat(via(p, "http://127.5.5.5/")).isEmpty();
    assertThat(via(p, "http://localhost:9000/")).isEmpty();
    assertThat(via(p, "http://[::1]:9000/")).isEmpty();
    assertThat(via(p, "http://s3.test:9000/")).contains("proxy.corp:3128 (from HttpProxy.of)");
  }

  @Test
  void credentialsInTheUrl_areDecoded_andTheirPasswordNeverShown() {
    HttpProxy p = HttpProxy.fromEnvironment(Map.of("HTTPS_PROXY", "http://svc%40corp:s3cr%3At@proxy.corp:3128"));
    HttpProxy.Route r = p.route(ICA).orElseThrow();

    assertThat(r.username()).isEqualTo("svc@corp");
    assertThat(r.password().reveal()).isEqualTo("s3cr:t");
    assertThat(p.passwords()).containsExactly(Secret.of("s3cr:t"));
    assertThat(r.basicAuthorization().reveal()).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString("svc@corp:s3cr:t".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(r.toString() + r.describe() + p + r.basicAuthorization()).doesNotContain("s3cr").contains("proxy.corp:3128");
    assertThat(HttpProxy.of("proxy.corp:3128", null).route(ICA).orElseThrow().basicAuthorization()).isNull();
  }

  @Test
  void proxyUrls_areReadAsCurlAndGoReadThem() {
    HttpProxy.Route plus = HttpProxy.of("http://svc:a+b@c@proxy.corp:3128", null).route(ICA).orElseThrow();
    assertThat(plus.username()).isEqualTo("svc");
    assertThat(plus.password().reveal()).as("'+' kept, the host after the last '@'").isEqualTo("a+b@c");
    assertThat(HttpProxy.of("http://squid_proxy:3128/", null).route(ICA).orElseThrow().host()).isEqualTo("squid_proxy");
    HttpProxy.Route v6 = HttpProxy.of("http://[2001:db8::5]:3128", null).route(ICA).orElseThrow();
    assertThat(v6.host() + " " + v6.port()).isEqualTo("2001:db8::5 3128");
    assertThatThrownBy(() -> HttpProxy.of("http://proxy.corp:99999", null)).isInstanceOf(IcaConfigurationException.class)
        .hasMessageContaining("no usable host and port");
    assertThatThrownBy(() -> HttpProxy.of("http://2001:db8::5:3128", null)).as("IPv6 needs brackets")
        .isInstanceOf(IcaConfigurationException.class);
    assertThat(HttpProxy.of("svc:pa://ss@proxy.corp:3128", null).route(ICA).orElseThrow().password().reveal())
        .as("no scheme: the password is not one").isEqualTo("pa://ss");
    assertThat(HttpProxy.of("http://@proxy.corp:3128", null).route(ICA).orElseThrow().basicAuthorization()).isNull();
  }

  @Test
  void noProxy_toleratesTrailingDotsAndSchemes_andABadCidrCoversNothing() {
    HttpProxy p = HttpProxy.of("http://proxy.corp:3128", "corp.internal.,http://files.lab/,10.0.0.0/-8,10.1.0.0/33");
    assertThat(via(p, "https://ica.corp.internal/")).isEmpty();
    assertThat(via(p, "https://ica.corp.internal./")).isEmpty();
    assertThat(via(p, "https://files.lab/")).isEmpty();
    assertThat(via(p, "http://52.1.2.3/")).isPresent();
    assertThat(via(p, "http://10.1.2.3/")).isPresent();
  }

  @Test
  void selector_givesJavasHttpClientsAnUnresolvedProxyAddress() {
    HttpProxy p = HttpProxy.of("http://proxy.corp:3128", "");

    Proxy proxy = p.selector().select(ICA).get(0);

    assertThat(proxy.type()).isEqualTo(Proxy.Type.HTTP);
    InetSocketAddress a = (InetSocketAddress) proxy.address();
    assertThat(a.isUnresolved()).isTrue();
    assertThat(a.getHostString() + ":" + a.getPort()).isEqualTo("proxy.corp:3128");
  }

  @Test
  void aProxyThatIsNotHttp_isAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(() -> HttpProxy.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://proxy.corp:1080")))
        .isInstanceOf(IcaConfigurationException.class)
        .hasMessageContaining("HTTPS_PROXY")
        .hasMessageContaining("http://host:port, or unset it for this program (env -u HTTPS_PROXY ...)");
    assertThatThrownBy(() -> HttpProxy.fromEnvironment(Map.of("http_proxy", "http://bad host:80")))
        .isInstanceOf(IcaConfigurationException.class)
        .hasMessageContaining("http_proxy");
  }

  @Test
  void jvmProperties_applyWhereTheEnvironmentNamesNoProxy() {
    String host = System.getProperty("https.proxyHost");
    String port = System.getProperty("https.proxyPort");
    System.setProperty("https.proxyHost", "jvm.corp");
    System.setProperty("https.proxyPort", "8443");
    try {
      HttpProxy p = HttpProxy.fromEnvironment(Map.of("HTTP_PROXY", "http://plain.corp:80"));

      assertThat(via(p, "https://ica.illumina.com/")).contains("jvm.corp:8443 (from https.proxyHost)");
      assertThat(via(p, "http://s3.example.com/")).contains("plain.corp:80 (from HTTP_PROXY)");
      assertThat(HttpProxy.fromEnvironment(Map.of()).isNone()).isFalse();
    } finally {
      restore("https.proxyHost", host);
      restore("https.proxyPort", port);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
