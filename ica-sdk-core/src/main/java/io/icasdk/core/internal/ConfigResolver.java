package io.icasdk.core.internal;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.icasdk.core.IcaConfigurationException;
import io.icasdk.core.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the client configuration: builder settings win, then the environment ({@code ICAV2_*}),
 * then {@code ~/.icav2/config.yaml}, then {@code ~/.icav2/.session.<label>.yaml} (project id only).
 * Files are read only when an earlier source leaves a setting open.
 */
public final class ConfigResolver {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigResolver.class);
  /** ICA's public base URL, used when nothing else names a server. */
  public static final String DEFAULT_BASE_URL = "https://ica.illumina.com/ica/rest";

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final String HOW_TO_CONFIGURE =
      "Set ICAV2_X_API_KEY (and ICAV2_SERVER_URL or ICAV2_BASE_URL for a server other than "
          + "ica.illumina.com), or put plain 'server-url: <host>' and 'x-api-key: <key>' lines in "
          + "~/.icav2/config.yaml, or call IcaClient.builder().apiKey(...). To try the SDK offline, "
          + "run 'ica emulator' (or 'ica demo') and use the exports it prints.";

  /**
   * What the builder set (nulls for unset).
   *
   * @param baseUrl full base URL
   * @param serverUrl host form
   * @param apiKey API key
   * @param accessToken bearer token
   * @param projectId default project id
   * @param allowInsecureHttp allow http:// to non-loopback hosts
   * @param environment environment variables
   * @param userHome the home directory holding .icav2
   */
  public record Explicit(
      String baseUrl, String serverUrl, Secret apiKey, Secret accessToken, String projectId,
      boolean allowInsecureHttp, Map<String, String> environment, Path userHome) {}

  /**
   * The resolved configuration.
   *
   * @param baseUrl base URL without trailing slash
   * @param apiKey API key, or null when a token is used
   * @param accessToken bearer token, or null when an API key is used
   * @param projectId default project id, or null
   * @param source where the credentials came from, as a phrase ("the API key in ICAV2_X_API_KEY"; never the
   *     value)
   */
  public record Resolved(URI baseUrl, Secret apiKey, Secret accessToken, String projectId, String source) {}

  private ConfigResolver() {}

  /**
   * Resolves the configuration.
   *
   * @throws IcaConfigurationException when no credentials are found or a setting is invalid
   */
  public static Resolved resolve(Explicit e) {
    Map<String, String> env = e.environment();
    Path icav2 = e.userHome() == null ? null : e.userHome().resolve(".icav2");
    ConfigFile configFile = new ConfigFile(icav2 == null ? null : icav2.resolve("config.yaml"));

    URI baseUrl;
    if (notBlank(e.baseUrl())) {
      baseUrl = fullUrl(e.baseUrl(), "baseUrl(...)");
    } else if (notBlank(e.serverUrl())) {
      baseUrl = hostUrl(e.serverUrl(), "serverUrl(...)");
    } else if (notBlank(env.get("ICAV2_BASE_URL"))) {
      baseUrl = fullUrl(env.get("ICAV2_BASE_URL"), "ICAV2_BASE_URL");
    } else if (notBlank(env.get("ICAV2_SERVER_URL"))) {
      baseUrl = hostUrl(env.get("ICAV2_SERVER_URL"), "ICAV2_SERVER_URL");
    } else if (configFile.text("server-url").isPresent()) {
      baseUrl = hostUrl(configFile.text("server-url").get(), "server-url in " + configFile.path);
    } else {
      baseUrl = URI.create(DEFAULT_BASE_URL);
    }
    checkScheme(baseUrl, e.allowInsecureHttp());

    Secret apiKey = null;
    Secret token = null;
    String source;
    if (e.accessToken() != null && !e.accessToken().isBlank()) {
      token = sendable(e.accessToken(), "the builder's accessToken(...)");
      source = "the builder's accessToken(...)";
    } else if (e.apiKey() != null && !e.apiKey().isBlank()) {
      apiKey = sendable(e.apiKey(), "the builder's apiKey(...)");
      source = "the builder's apiKey(...)";
    } else if (notBlank(env.get("ICAV2_ACCESS_TOKEN")) && !expiredWithAKeyToUse(env, configFile)) {
      token = sendable(Secret.of(env.get("ICAV2_ACCESS_TOKEN")), "the access token in ICAV2_ACCESS_TOKEN");
      source = "the access token in ICAV2_ACCESS_TOKEN (it may have expired)";
    } else if (notBlank(env.get("ICAV2_X_API_KEY"))) {
      apiKey = sendable(Secret.of(env.get("ICAV2_X_API_KEY")), "the API key in ICAV2_X_API_KEY");
      source = "the API key in ICAV2_X_API_KEY";
    } else if (configFile.apiKey().isPresent()) {
      apiKey = sendable(configFile.apiKey().get(), "the x-api-key in " + configFile.path);
      source = "the x-api-key in " + configFile.path;
    } else {
      throw new IcaConfigurationException("No ICA credentials found. " + HOW_TO_CONFIGURE, null);
    }

    String projectId;
    if (notBlank(e.projectId())) {
      projectId = e.projectId().trim();
    } else if (notBlank(env.get("ICAV2_PROJECT_ID"))) {
      projectId = env.get("ICAV2_PROJECT_ID").trim();
    } else {
      projectId = icav2 == null ? null : sessionProjectId(icav2, baseUrl);
    }
    return new Resolved(baseUrl, apiKey, token, projectId, source);
  }

  /**
   * The key or token without the blanks around it (a line break or space copied with it, as from a file with
   * Windows line endings), else a configuration error when HTTP cannot carry it in a header: a control character
   * or one beyond Latin-1 inside it. The JDK's HTTP client would refuse it at the first call with a message that
   * quotes the header's value, the secret itself.
   *
   * @param what where it came from, for the message (never the value)
   */
  static Secret sendable(Secret secret, String what) {
    String value = secret.reveal().strip();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        throw new IcaConfigurationException("Cannot use " + what + ": it holds a line break or another character"
            + " that no ICA key or token has (" + (c > 0xff ? "beyond Latin-1" : "a control character")
            + "); copy it again, from the ICA portal or the file it came from", null);
      }
    }
    return value.length() == secret.reveal().length() ? secret : Secret.of(value);
  }

  /**
   * Whether ICAV2_ACCESS_TOKEN is a JWT past its expiry while an API key is configured too: a token left in
   * the environment from an earlier session must not hide a key that works (every call would get a 401).
   */
  private static boolean expiredWithAKeyToUse(Map<String, String> env, ConfigFile configFile) {
    Instant expiry = TokenExchangeAuth.expiry(env.get("ICAV2_ACCESS_TOKEN").trim());
    if (expiry == null || expiry.isAfter(Instant.now())) {
      return false;
    }
    boolean key;
    try {
      key = notBlank(env.get("ICAV2_X_API_KEY")) || configFile.apiKey().isPresent();
    } catch (IcaConfigurationException unreadable) {
      key = false;
    }
    if (key) {
      LOG.warn("ICAV2_ACCESS_TOKEN expired at {}; using the API key instead", expiry);
    }
    return key;
  }

  private static String sessionProjectId(Path icav2, URI baseUrl) {
    String host = baseUrl.getHost() == null ? "ica" : baseUrl.getHost();
    String label = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
    for (String name : new String[] {".session." + label + ".yaml", ".session.ica.yaml"}) {
      Optional<String> id;
      try {
        id = new ConfigFile(icav2.resolve(name)).text("project-id");
      } catch (IcaConfigurationException unreadable) {
        // Only a default project: a damaged file must not stop a client that names its projects.
        LOG.warn("Ignoring {}: {}", icav2.resolve(name), unreadable.getMessage().split(";")[0]);
        continue;
      }
      if (id.isPresent()) {
        return id.get();
      }
    }
    return null;
  }

  /** Turns "host", "host:port" or "https://host" into https://host/ica/rest. */
  static URI hostUrl(String value, String what) {
    String v = value.trim();
    if (v.contains("://")) {
      URI u = parse(v, what);
      if (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) {
        return fullUrl(v, what);
      }
      return parse(u.getScheme() + "://" + u.getRawAuthority() + "/ica/rest", what);
    }
    if (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return parse("https://" + v + "/ica/rest", what);
  }

  /**
   * A full base URL as given; one with no path at all ("https://host") gets ICA's {@code /ica/rest}, which
   * every ICA server has (without it every call is a 404).
   */
  static URI fullUrl(String value, String what) {
    String v = value.trim();
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    URI u = parse(v, what);
    if (u.getScheme() == null || u.getHost() == null) {
      throw new IcaConfigurationException(what + " '" + Redactor.withoutUserInfo(v) + "' is not an absolute URL;"
          + " use the form https://ica.illumina.com/ica/rest", null);
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IcaConfigurationException(what + " must not contain a query or fragment; use the form "
          + "https://ica.illumina.com/ica/rest", null);
    }
    if (u.getRawPath() == null || u.getRawPath().isEmpty()) {
      LOG.debug("{} names no path; using {}/ica/rest", what, v);
      return parse(v + "/ica/rest", what);
    }
    return u;
  }

  private static URI parse(String v, String what) {
    URI u;
    try {
      u = new URI(v);
    } catch (URISyntaxException ex) {
      throw new IcaConfigurationException(what + " '" + Redactor.withoutUserInfo(v) + "' is not a valid URL ("
          + ex.getReason() + "); use the form https://ica.illumina.com/ica/rest", null);
    }
    if (u.getRawUserInfo() != null) {
      throw new IcaConfigurationException(what + " '" + Redactor.withoutUserInfo(v) + "' holds a user name"
          + " or password; ICA takes none in the URL (it authenticates with the API key): remove it", null);
    }
    return u;
  }

  private static void checkScheme(URI u, boolean allowInsecureHttp) {
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (!scheme.equals("http")) {
      throw new IcaConfigurationException("Unsupported URL scheme '" + scheme + "' in base URL " + u
          + "; use https://", null);
    }
    if (!allowInsecureHttp && !isLoopback(u.getHost())) {
      throw new IcaConfigurationException("Refusing plain http:// to " + u.getHost()
          + ": credentials would travel unencrypted. Use https://, or call allowInsecureHttp(true) "
          + "if you really mean it (plain http is always allowed for loopback addresses).", null);
    }
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (h.matches("[0-9.]+") || h.contains(":")) {
      try {
        return InetAddress.getByName(h).isLoopbackAddress(); // literal: no DNS lookup
      } catch (UnknownHostException ex) {
        return false;
      }
    }
    return false;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /**
   * One YAML file of the icav2 CLI, read on first use: its top-level scalars as they are written. A value
   * YAML would type as a number stays the text it is ({@code x-api-key: 0123} is the key "0123", not 83).
   */
  private static final class ConfigFile {
    private final Path path;
    private Map<String, Scalar> scalars;

    /**
     * A top-level value: its YAML token and its text as written; for an alias ({@code *name}), a null text and the
     * alias in {@code unresolved}: Jackson's parser gives an alias as its anchor's name, and not the anchored value.
     */
    private record Scalar(JsonToken token, String text, String unresolved) {
      boolean isBinary() {
        return token == JsonToken.VALUE_EMBEDDED_OBJECT || text != null && text.startsWith("!!binary");
      }
    }

    ConfigFile(Path path) {
      this.path = path;
    }

    private Map<String, Scalar> scalars() {
      if (scalars == null) {
        scalars = Map.of();
        if (path != null && Files.isRegularFile(path)) {
          try {
            scalars = read(path);
          } catch (IOException ex) {
            throw new IcaConfigurationException("Cannot read " + path + " (" + ex.getClass().getSimpleName()
                + "); fix or remove the file, or configure through environment variables instead. "
                + HOW_TO_CONFIGURE, null);
          }
        }
      }
      return scalars;
    }

    /** The file's top-level scalars (none unless it holds a mapping); nested values are skipped. */
    private static Map<String, Scalar> read(Path path) throws IOException {
      Map<String, Scalar> found = new HashMap<>();
      try (YAMLParser p = YAML.createParser(path.toFile())) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return found;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (value.isStructStart()) {
            p.skipChildren();
          } else if (p.isCurrentAlias()) {
            found.put(name, new Scalar(value, null, "*" + p.getText()));
          } else if (value != JsonToken.VALUE_NULL) {
            found.put(name, new Scalar(value, p.getText(), null));
          } else {
            found.remove(name);
          }
        }
      }
      return found;
    }

    /** The scalar of a key, failing for an alias the SDK cannot follow. */
    private Scalar scalar(String key) {
      Scalar v = scalars().get(key);
      if (v != null && v.unresolved() != null) {
        throw new IcaConfigurationException("The " + key + " in " + path + " is a YAML alias (" + v.unresolved()
            + "), which the SDK cannot follow; write the value itself. " + HOW_TO_CONFIGURE, null);
      }
      return v;
    }

    Optional<String> text(String key) {
      Scalar v = scalar(key);
      if (v == null || v.token() == JsonToken.VALUE_EMBEDDED_OBJECT || v.text().isBlank()) {
        return Optional.empty();
      }
      return Optional.of(v.text().trim());
    }

    Optional<Secret> apiKey() {
      Scalar v = scalar("x-api-key");
      if (v == null) {
        return Optional.empty();
      }
      if (v.isBinary()) {
        throw new IcaConfigurationException("The x-api-key in " + path + " is encrypted by the icav2 "
            + "CLI (!!binary) and cannot be read by the SDK. Set the environment variable "
            + "ICAV2_X_API_KEY to your API key instead (or write a plain 'x-api-key: <key>' line).", null);
      }
      return v.text().isBlank() ? Optional.empty() : Optional.of(Secret.of(v.text().trim()));
    }
  }
}
