package io.icasdk.core;

import io.icasdk.core.internal.Auth;
import io.icasdk.core.internal.ConfigResolver;
import io.icasdk.core.internal.Endpoints;
import io.icasdk.core.internal.HttpSettings;
import io.icasdk.core.internal.IcaHttp;
import io.icasdk.core.internal.Redactor;
import io.icasdk.core.internal.Sleeper;
import io.icasdk.core.internal.TokenExchangeAuth;
import io.icasdk.core.model.Project;
import io.icasdk.core.model.ProjectId;
import io.icasdk.core.model.Region;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the ICA v2 REST client: projects, regions, and (through {@link #projectData}) files
 * and folders of a project.
 *
 * <pre>{@code
 * IcaClient ica = IcaClient.fromEnvironment();            // ICAV2_X_API_KEY, ~/.icav2/config.yaml ...
 * ProjectDataClient data = ica.projectData(ica.defaultProjectId().orElseThrow());
 * for (ProjectData d : data.listFolder("/runs/")) {
 *   System.out.println(d.path());
 * }
 * }</pre>
 *
 * <p>Configuration is read once, when the client is built; the first match wins: builder settings,
 * then the environment ({@code ICAV2_ACCESS_TOKEN}, {@code ICAV2_X_API_KEY}, {@code ICAV2_BASE_URL}
 * full URL, {@code ICAV2_SERVER_URL} host, {@code ICAV2_PROJECT_ID}), then {@code ~/.icav2/config.yaml}
 * ({@code server-url}, plain {@code x-api-key}), then {@code ~/.icav2/.session.<label>.yaml}, {@code <label>}
 * being the server's host name up to its first dot, else {@code ~/.icav2/.session.ica.yaml}
 * ({@code project-id}; a file that cannot be read is ignored with a warning). Within one source a bearer
 * token wins over an API key, except an {@code ICAV2_ACCESS_TOKEN} past its expiry when an API key is
 * configured. A 401 names the credentials used. Default server: {@code https://ica.illumina.com/ica/rest}.
 *
 * <p>Every call may throw an {@link IcaException} subtype: {@link IcaAuthenticationException} (401),
 * {@link IcaPermissionException} (403), {@link IcaNotFoundException} (404),
 * {@link IcaConflictException} (409), {@link IcaThrottledException} (429),
 * {@link IcaServiceException} (5xx), {@link IcaIoException} (connection), or a plain
 * {@code IcaException} (other statuses). Throttled, unavailable and failed-connection calls are
 * retried per the {@link RetryPolicy} when that is safe.
 *
 * <p>Thread-safe and immutable once built; share one instance. It holds no resources that need
 * closing.
 */
public final class IcaClient {
  private static final Logger LOG = LoggerFactory.getLogger(IcaClient.class);
  static final int DEFAULT_PAGE_SIZE = 1000;

  private final Endpoints api;
  private final URI baseUrl;
  private final ProjectId defaultProjectId;
  private final String authDescription;
  private final HttpProxy httpProxy;

  private IcaClient(IcaHttp http, ProjectId defaultProjectId, String authDescription) {
    this.api = new Endpoints(http);
    this.baseUrl = http.settings().baseUrl();
    this.httpProxy = http.settings().proxy();
    this.defaultProjectId = defaultProjectId;
    this.authDescription = authDescription;
  }

  /** A builder; unset settings fall back to the environment and the ~/.icav2 files. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured only from the environment and the ~/.icav2 files.
   *
   * @throws IcaConfigurationException when no credentials are found or a setting is invalid
   */
  public static IcaClient fromEnvironment() {
    return builder().build();
  }

  /** The REST base URL, e.g. {@code https://ica.illumina.com/ica/rest}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * The HTTP proxy this client's REST calls go through (from the builder, else the environment): a
   * {@code TransferManager} built from this client sends its S3 requests through the same one.
   */
  public HttpProxy httpProxy() {
    return httpProxy;
  }

  /** The default project: from the builder, {@code ICAV2_PROJECT_ID} or the icav2 session file. */
  public Optional<ProjectId> defaultProjectId() {
    return Optional.ofNullable(defaultProjectId);
  }

  /**
   * All projects visible to the caller, fetched lazily page by page.
   *
   * @throws IcaException (while iterating) when a page cannot be fetched
   */
  public PagedIterable<Project> listProjects() {
    return listProjects(r -> { });
  }

  /**
   * Projects matching the request, fetched lazily page by page.
   *
   * @throws IcaException (while iterating) when a page cannot be fetched
   */
  public PagedIterable<Project> listProjects(Consumer<ProjectListRequest.Builder> request) {
    ProjectListRequest.Builder b = ProjectListRequest.builder();
    request.accept(b);
    return listProjects(b.build());
  }

  /**
   * Projects matching the request, fetched lazily page by page.
   *
   * @throws IcaException (while iterating) when a page cannot be fetched
   */
  public PagedIterable<Project> listProjects(ProjectListRequest request) {
    return api.listProjects(Objects.requireNonNull(request, "request"), DEFAULT_PAGE_SIZE);
  }

  /**
   * One project.
   *
   * @throws IcaNotFoundException when the project does not exist or is not visible
   * @throws IcaException on other failures
   */
  public Project getProject(ProjectId id) {
    return api.getProject(Objects.requireNonNull(id, "id"));
  }

  /**
   * The regions the caller is entitled to.
   *
   * @throws IcaException on failure
   */
  public List<Region> listRegions() {
    return api.listRegions();
  }

  /**
   * A view of one project's data. Cheap: no call is made until you use it.
   *
   * @throws NullPointerException if projectId is null
   */
  public ProjectDataClient projectData(ProjectId projectId) {
    return new ProjectDataClient(api, Objects.requireNonNull(projectId, "projectId"));
  }

  /**
   * A view of one project's data, by project id string.
   *
   * @throws IllegalArgumentException if the id is blank
   */
  public ProjectDataClient projectData(String projectId) {
    return projectData(new ProjectId(projectId));
  }

  @Override
  public String toString() {
    return "IcaClient[baseUrl=" + baseUrl + ", auth=" + authDescription
        + ", defaultProjectId=" + defaultProjectId + "]";
  }

  /**
   * Builder of {@link IcaClient}. Unset settings come from the environment and the ~/.icav2 files
   * (see {@link IcaClient}). Not thread-safe.
   *
   * <p>{@code IcaClient.builder().serverUrl("ica.illumina.com").apiKey(key).exchangeApiKeyForToken(true).build()}
   */
  public static final class Builder {
    private String baseUrl;
    private String serverUrl;
    private Secret apiKey;
    private Secret accessToken;
    private boolean exchange;
    private String projectId;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private boolean allowInsecureHttp;
    private Path userHome;
    private Map<String, String> environment;
    private HttpProxy proxy;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /** Full REST base URL, e.g. {@code https://ica.illumina.com/ica/rest} or an emulator's URL. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** Full REST base URL. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl == null ? null : baseUrl.toString();
      return this;
    }

    /** Server host as the icav2 CLI takes it, e.g. {@code ica.illumina.com} → {@code https://ica.illumina.com/ica/rest}. */
    public Builder serverUrl(String host) {
      this.serverUrl = host;
      return this;
    }

    /** API key, sent as {@code X-API-Key} (or exchanged for a JWT, see {@link #exchangeApiKeyForToken}). */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null ? null : Secret.of(apiKey);
      return this;
    }

    /** API key. */
    public Builder apiKey(Secret apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Bearer token (JWT), sent as {@code Authorization: Bearer}; wins over an API key. */
    public Builder accessToken(String accessToken) {
      this.accessToken = accessToken == null ? null : Secret.of(accessToken);
      return this;
    }

    /** Bearer token (JWT). */
    public Builder accessToken(Secret accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    /**
     * Exchange the API key for a JWT ({@code POST /api/tokens}) and send that instead, renewing it
     * before it expires. ICA recommends this for many calls. Default false.
     */
    public Builder exchangeApiKeyForToken(boolean exchange) {
      this.exchange = exchange;
      return this;
    }

    /** Default project id returned by {@link IcaClient#defaultProjectId()}. */
    public Builder defaultProjectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    /** Default project id. */
    public Builder defaultProjectId(ProjectId projectId) {
      this.projectId = projectId == null ? null : projectId.value();
      return this;
    }

    /**
     * Retry policy; default {@link RetryPolicy#defaults()}.
     *
     * @throws NullPointerException if null
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * TCP/TLS connect timeout; default 10 s.
     *
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if not positive
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Time to wait for a response to one attempt; default 60 s.
     *
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if not positive
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Allow {@code http://} base URLs to non-loopback hosts (credentials then travel unencrypted).
     * Default false; loopback addresses are always allowed. TLS verification is never disabled.
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * The HTTP proxy for ICA and S3; default: {@link HttpProxy#fromEnvironment} of the environment
     * ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}), else the JVM's proxy properties.
     * {@link HttpProxy#none()} connects directly whatever the environment says.
     */
    public Builder proxy(HttpProxy proxy) {
      this.proxy = Objects.requireNonNull(proxy, "proxy");
      return this;
    }

    /** Home directory holding {@code .icav2}; default {@code user.home}. For tests. */
    public Builder userHome(Path userHome) {
      this.userHome = userHome;
      return this;
    }

    /** Environment variables to read instead of {@link System#getenv()}. For tests. */
    public Builder environment(Map<String, String> environment) {
      this.environment = environment == null ? null : Map.copyOf(environment);
      return this;
    }

    /** Time source (token expiry, retry budget). Test seam. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How to wait between retries. Test seam. */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** Random source for backoff jitter. Test seam. */
    Builder jitter(DoubleSupplier jitter) {
      this.jitter = Objects.requireNonNull(jitter);
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IcaConfigurationException when no credentials are found, a URL is invalid, an
     *     {@code http://} URL points at a non-loopback host without {@link #allowInsecureHttp}, a
     *     proxy variable ({@code HTTPS_PROXY}, ...) holds no {@code http://} proxy URL, or a ~/.icav2
     *     file cannot be used
     */
    public IcaClient build() {
      Map<String, String> env = environment != null ? environment : System.getenv();
      Path home = userHome != null ? userHome
          : (System.getProperty("user.home") == null ? null : Path.of(System.getProperty("user.home")));
      ConfigResolver.Resolved cfg = ConfigResolver.resolve(new ConfigResolver.Explicit(
          baseUrl, serverUrl, apiKey, accessToken, projectId, allowInsecureHttp, env, home));
      HttpProxy httpProxy = proxy != null ? proxy : HttpProxy.fromEnvironment(env);
      List<String> secrets = new ArrayList<>();
      for (Secret s : httpProxy.passwords()) {
        secrets.add(s.reveal());
      }
      if (cfg.apiKey() != null) {
        secrets.add(cfg.apiKey().reveal());
      }
      if (cfg.accessToken() != null) {
        secrets.add(cfg.accessToken().reveal());
      }
      IcaHttp http = new IcaHttp(
          new HttpSettings(cfg.baseUrl(), retryPolicy, connectTimeout, requestTimeout, clock, sleeper, jitter,
              cfg.source(), httpProxy),
          new Redactor(secrets));
      Auth auth;
      if (cfg.accessToken() != null) {
        auth = Auth.bearer(cfg.accessToken());
      } else if (exchange) {
        auth = new TokenExchangeAuth(http, cfg.apiKey(), clock);
      } else {
        auth = Auth.apiKey(cfg.apiKey());
      }
      http.auth(auth);
      LOG.debug("ICA client for {} using {} from {}, proxy {}", cfg.baseUrl(), auth.describe(), cfg.source(),
          httpProxy);
      return new IcaClient(http, cfg.projectId() == null ? null : new ProjectId(cfg.projectId()),
          auth.describe());
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
