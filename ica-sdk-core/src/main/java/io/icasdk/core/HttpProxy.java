package io.icasdk.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP proxy that ICA's REST calls and the S3 transfers go through: one decision for both, so that a
 * network that allows only its proxy serves the whole job (or none of it, with a message naming the proxy).
 *
 * <p>{@link #fromEnvironment} reads what command-line tools read (the icav2 CLI, aws-cli, rclone, curl):
 * {@code HTTPS_PROXY} for {@code https://} targets and {@code HTTP_PROXY} for {@code http://} ones (each
 * also in lower case), e.g. {@code http://proxy.corp:3128} or {@code http://user:password@proxy.corp:3128},
 * and {@code NO_PROXY}: hosts reached directly, comma-separated, each a name (which covers its subdomains
 * too; a leading dot covers only the subdomains), an IP address, a CIDR block such as
 * {@code 10.0.0.0/8}, any of them with {@code :port}, or {@code *} for every host. Loopback hosts
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}: the emulator, a local S3 proxy) are always reached
 * directly, as the icav2 CLI does. Where the environment names no proxy for a scheme, the JVM's
 * {@code https.proxyHost} / {@code http.proxyHost} properties (with {@code http.nonProxyHosts}) apply.
 * Only {@code http://} proxies are supported (the connection to the proxy is plain; an {@code https://}
 * target is tunnelled through it with {@code CONNECT}, so TLS still runs end to end).
 *
 * <p>{@code IcaClient.builder().proxy(HttpProxy.of("http://proxy.corp:3128", ".corp,10.0.0.0/8")).build()}
 *
 * <p>A password in a proxy URL is a secret: no {@code toString}, log line or message shows it. Through
 * an authenticating proxy, Java's HTTP client sends {@code https://} requests (ICA's REST API) only when
 * Basic authentication for tunnels is allowed: {@code -Djdk.http.auth.tunneling.disabledSchemes=} (the
 * {@code ica} tool sets it). Immutable and thread-safe.
 */
public final class HttpProxy {
  private static final HttpProxy NONE = new HttpProxy(null, null, List.of(), false);
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+");

  /**
   * Where a connection to one host goes: the proxy, and where that proxy was configured.
   *
   * @param host the proxy's host
   * @param port the proxy's port
   * @param username the user name for the proxy's Basic authentication, or null
   * @param password its password, or null
   * @param source where the proxy was configured, for messages (e.g. {@code "HTTPS_PROXY"})
   */
  public record Route(String host, int port, String username, Secret password, String source) {
    /**
     * The {@code Proxy-Authorization} value for these credentials ({@code Basic ...}), or null without a user:
     * sent with every request, as curl and the AWS CRT do, rather than after a 407.
     */
    public Secret basicAuthorization() {
      if (username == null) {
        return null;
      }
      String pair = username + ":" + (password == null ? "" : password.reveal());
      return Secret.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code host:port (from SOURCE)}: what a message may say about the proxy (never the password). */
    public String describe() {
      return host + ":" + port + " (from " + source + ")";
    }

    @Override
    public String toString() {
      return "Route[" + describe() + (username == null ? "" : ", user " + username) + "]";
    }
  }

  private final Route https;
  private final Route http;
  private final List<String> noProxy;
  private final boolean fromJvmProperties;

  private HttpProxy(Route https, Route http, List<String> noProxy, boolean fromJvmProperties) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
    this.fromJvmProperties = fromJvmProperties;
  }

  /** No proxy: every connection goes directly to its host. */
  public static HttpProxy none() {
    return NONE;
  }

  /**
   * One proxy for every target but those in {@code noProxy}.
   *
   * @param proxyUrl e.g. {@code http://proxy.corp:3128} or {@code http://user:password@proxy.corp:3128}
   *     (the scheme may be left out; the port defaults to 80)
   * @param noProxy hosts reached directly, in {@code NO_PROXY}'s form, or null
   * @throws IcaConfigurationException if the URL is not an {@code http://} proxy URL
   */
  public static HttpProxy of(String proxyUrl, String noProxy) {
    Route route = parse(Objects.requireNonNull(proxyUrl, "proxyUrl"), "HttpProxy.of");
    return new HttpProxy(route, route, parseNoProxy(noProxy), false);
  }

  /**
   * The proxy that these environment variables name ({@code HTTPS_PROXY}, {@code HTTP_PROXY},
   * {@code NO_PROXY}, each also in lower case), else the JVM's proxy properties.
   *
   * @param environment the environment, e.g. {@link System#getenv()}
   * @throws IcaConfigurationException if a variable holds something other than an {@code http://} proxy URL
   */
  public static HttpProxy fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Route https = fromVariables(environment, "HTTPS_PROXY", "https_proxy");
    Route http = fromVariables(environment, "HTTP_PROXY", "http_proxy");
    String noProxy = firstSet(environment, "NO_PROXY", "no_proxy");
    boolean jvm = System.getProperty("https.proxyHost") != null || System.getProperty("http.proxyHost") != null;
    if (https == null && http == null && !jvm) {
      return NONE;
    }
    return new HttpProxy(https, http, parseNoProxy(noProxy == null ? null : environment.get(noProxy)), jvm);
  }

  /**
   * The proxy a connection to this URL goes through, or empty to connect directly.
   *
   * @param target an {@code http://} or {@code https://} URL (only its scheme, host and port count)
   */
  public Optional<Route> route(URI target) {
    if (isNone()) {
      return Optional.empty();
    }
    String host = target.getHost();
    if (host == null || isLoopback(host)) {
      return Optional.empty();
    }
    boolean secure = "https".equalsIgnoreCase(target.getScheme());
    Route configured = secure ? https : http;
    if (configured == null) {
      return fromJvmProperties ? jvmRoute(target, secure) : Optional.empty();
    }
    int port = target.getPort() >= 0 ? target.getPort() : secure ? 443 : 80;
    return bypassed(host, port) ? Optional.empty() : Optional.of(configured);
  }

  /** Whether no connection goes through a proxy. */
  public boolean isNone() {
    return https == null && http == null && !fromJvmProperties;
  }

  /** The passwords of the configured proxies, for redaction. */
  public List<Secret> passwords() {
    List<Secret> out = new ArrayList<>(2);
    for (Route r : new Route[] {https, http}) {
      if (r != null && r.password() != null && !out.contains(r.password())) {
        out.add(r.password());
      }
    }
    return out;
  }

  /**
   * What a 407 (Proxy Authentication Required) to a request for this URL means, for a message: no credentials in
   * the proxy URL, credentials the proxy refused, or credentials that Java does not send into a tunnel (to an
   * {@code https://} URL) unless started with {@code -Djdk.http.auth.tunneling.disabledSchemes=}.
   */
  public String authenticationAdvice(URI target) {
    Route r = route(target).orElse(null);
    String proxy = r == null ? "" : " " + r.describe();
    if (r == null || r.username() == null) {
      return "The HTTP proxy" + proxy + " asks for credentials: give them in the proxy URL"
          + " (http://user:password@host:port, percent-encoding ':', '@' and '/')";
    }
    String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes", "Basic");
    if ("https".equalsIgnoreCase(target.getScheme()) && disabled.toLowerCase(Locale.ROOT).contains("basic")) {
      return "The HTTP proxy" + proxy + " wants credentials for the tunnel to " + target.getHost() + ", which Java"
          + " sends only when started with -Djdk.http.auth.tunneling.disabledSchemes= (the ica tool does so)";
    }
    return "The HTTP proxy" + proxy + " refused the credentials of its URL (user " + r.username() + "): check them";
  }

  /** This proxy as Java's HTTP clients take it. */
  public ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return route(uri)
            .map(r -> List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(r.host(), r.port()))))
            .orElse(List.of(Proxy.NO_PROXY));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to fall back to: the caller's error names the proxy
      }
    };
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "HttpProxy[none]";
    }
    return "HttpProxy[https " + (https == null ? "-" : https.describe()) + ", http "
        + (http == null ? "-" : http.describe()) + ", direct " + noProxy
        + (fromJvmProperties ? ", else the JVM's proxy properties" : "") + "]";
  }

  private static Route fromVariables(Map<String, String> env, String upper, String lower) {
    String name = firstSet(env, upper, lower);
    return name == null ? null : parse(env.get(name), name);
  }

  private static String firstSet(Map<String, String> env, String upper, String lower) {
    if (env.get(upper) != null && !env.get(upper).isBlank()) {
      return upper;
    }
    return env.get(lower) != null && !env.get(lower).isBlank() ? lower : null;
  }

  /**
   * A proxy URL as curl and Go read it: {@code [http://][user[:password]@]host[:port][/]}, the user and password
   * percent-decoded ({@code +} stays a plus), the credentials ending at the last {@code @}, an IPv6 host in
   * brackets, any host name (a {@code _} included, as container names have).
   */
  private static Route parse(String value, String source) {
    String v = value.strip();
    int sep = v.indexOf("://");
    if (sep >= 0 && !SCHEME.matcher(v.substring(0, sep)).matches()) {
      sep = -1; // "user:pa://ss@host": no scheme, and nothing of the password in a message
    }
    String scheme = sep < 0 ? "http" : v.substring(0, sep);
    if (!scheme.equalsIgnoreCase("http")) {
      throw new IcaConfigurationException("The proxy in " + source + " is not an http:// proxy URL (scheme "
          + scheme + "); ica-sdk supports HTTP proxies only: write it as http://host:port"
          + (source.endsWith("_proxy") || source.endsWith("_PROXY")
              ? ", or unset it for this program (env -u " + source + " ...)" : "") + ".", null);
    }
    String authority = v.substring(sep < 0 ? 0 : sep + 3);
    int end = authority.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = authority.indexOf(c, authority.lastIndexOf('@') + 1);
      end = i >= 0 ? Math.min(end, i) : end;
    }
    authority = authority.substring(0, end);
    int at = authority.lastIndexOf('@');
    String user = null;
    Secret password = null;
    if (at > 0) { // "@host": no credentials
      String info = authority.substring(0, at);
      int colon = info.indexOf(':');
      user = percentDecode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : Secret.of(percentDecode(info.substring(colon + 1)));
    }
    String hostPort = authority.substring(at + 1);
    boolean bracketed = hostPort.startsWith("[");
    String host;
    String port;
    if (bracketed) {
      int close = hostPort.indexOf(']');
      host = close < 0 ? "" : hostPort.substring(1, close);
      port = close >= 0 && hostPort.startsWith(":", close + 1) ? hostPort.substring(close + 2) : null;
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      port = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    int portNumber = 80;
    if (port != null && !port.isEmpty()) {
      portNumber = port.matches("\\d{1,5}") ? Integer.parseInt(port) : -1;
    }
    if (host.isEmpty() || !HOST.matcher(host).matches() || (!bracketed && host.indexOf(':') >= 0) || portNumber < 1
        || portNumber > 65535) {
      throw new IcaConfigurationException("The proxy in " + source + " has no usable host and port (not shown:"
          + " it may hold a password); write it as http://host:port or http://user:password@host:port"
          + " (percent-encode a user or password with ':', '@' or '/').", null);
    }
    return new Route(host, portNumber, user, password, source);
  }

  /** {@code %XX} escapes decoded as UTF-8; every other character, {@code +} included, kept as it is. */
  private static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> parseNoProxy(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : value.split("[,\\s]+")) {
      String e = part.toLowerCase(Locale.ROOT);
      int scheme = e.indexOf("://");
      e = scheme < 0 ? e : e.substring(scheme + 3); // "http://host" as curl takes it: the host
      while (e.endsWith("/")) {
        e = e.substring(0, e.length() - 1);
      }
      if (!e.isEmpty()) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /** Whether NO_PROXY sends this host (and port) directly. */
  private boolean bypassed(String host, int port) {
    String h = withoutTrailingDot(unbracket(host.toLowerCase(Locale.ROOT)));
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return true;
      }
      String e = entry;
      int entryPort = -1;
      int colon = e.lastIndexOf(':');
      boolean bracketed = e.startsWith("[");
      if (colon > 0 && (bracketed ? e.indexOf(']') < colon : e.indexOf(':') == colon)) {
        try {
          entryPort = Integer.parseInt(e.substring(colon + 1));
          e = e.substring(0, colon);
        } catch (NumberFormatException ignored) {
          // not a port: compare the entry as it is
        }
      }
      if (entryPort >= 0 && entryPort != port) {
        continue;
      }
      e = withoutTrailingDot(unbracket(e));
      if (e.contains("/")) {
        if (inBlock(h, e)) {
          return true;
        }
      } else if (e.startsWith("*.") || e.startsWith(".")) {
        if (h.endsWith(e.substring(e.indexOf('.')))) {
          return true;
        }
      } else if (h.equals(e) || h.endsWith("." + e)) {
        return true;
      }
    }
    return false;
  }

  private static String withoutTrailingDot(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Whether an IP-literal host lies in a CIDR block (a host name never does: it is not resolved). */
  private static boolean inBlock(String host, String cidr) {
    int slash = cidr.indexOf('/');
    byte[] addr = literal(host);
    byte[] net = literal(cidr.substring(0, slash));
    if (addr == null || net == null || addr.length != net.length) {
      return false;
    }
    int bits;
    try {
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (bits < 0 || bits > addr.length * 8) {
      return false; // not a block: it covers nothing
    }
    for (int i = 0; i < addr.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((addr[i] & mask) != (net[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of an IP literal, or null for a host name (never resolved). */
  private static byte[] literal(String host) {
    boolean v4 = IPV4.matcher(host).matches();
    boolean v6 = host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(host).getAddress(); // a literal: no lookup
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean isLoopback(String host) {
    String h = unbracket(host.toLowerCase(Locale.ROOT));
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    byte[] a = literal(h);
    try {
      return a != null && InetAddress.getByAddress(a).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** The JVM's default proxy selector, which reads the proxy properties and {@code http.nonProxyHosts}. */
  private static Optional<Route> jvmRoute(URI target, boolean secure) {
    String property = secure ? "https.proxyHost" : "http.proxyHost";
    if (System.getProperty(property) == null) {
      return Optional.empty();
    }
    ProxySelector jvm = ProxySelector.getDefault();
    if (jvm == null) {
      return Optional.empty();
    }
    for (Proxy p : jvm.select(target)) {
      if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress a) {
        return Optional.of(new Route(a.getHostString(), a.getPort(), null, null, property));
      }
    }
    return Optional.empty();
  }
}
