package io.icasdk.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.icasdk.core.HttpProxy;
import io.icasdk.core.IcaAuthenticationException;
import io.icasdk.core.IcaConflictException;
import io.icasdk.core.IcaException;
import io.icasdk.core.IcaIoException;
import io.icasdk.core.IcaNotFoundException;
import io.icasdk.core.IcaPermissionException;
import io.icasdk.core.IcaServiceException;
import io.icasdk.core.IcaThrottledException;
import io.icasdk.core.TlsTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP pipeline: builds requests (headers, auth, JSON body), sends them with retries on 429, 502-504
 * and connection errors, and turns problem+json errors into {@link IcaException}s. Thread-safe.
 */
public final class IcaHttp {
  /** Media type of ICA's v3 endpoints; sent as Accept and as Content-Type of bodies. */
  public static final String V3 = "application/vnd.illumina.v3+json";
  /** Media type of ICA errors; the only response type ICA declares for calls answering 204. */
  public static final String PROBLEM = "application/problem+json";

  private static final Logger LOG = LoggerFactory.getLogger("io.icasdk.core.http");
  private static final int MAX_ERROR_BODY_CHARS = 300;
  /** The longest Retry-After honoured as given (a day); a longer one is a broken server or proxy. */
  private static final long MAX_RETRY_AFTER_SECONDS = 86_400;

  private final HttpSettings settings;
  private final HttpClient client;
  private final Redactor redactor;
  private final String userAgent;
  private volatile Auth auth;

  /**
   * @param settings pipeline settings
   * @param redactor scrubs secrets from logs and messages
   */
  public IcaHttp(HttpSettings settings, Redactor redactor) {
    this.settings = settings;
    this.redactor = redactor;
    this.userAgent = "ica-sdk/" + Version.get() + " java/" + Runtime.version().feature();
    HttpClient.Builder b = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version("https".equalsIgnoreCase(settings.baseUrl().getScheme())
            ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .proxy(settings.proxy().selector());
    // No Authenticator: with one, the JDK turns ICA's 401s (which name no WWW-Authenticate scheme) into
    // IOExceptions, and asks again for a proxy password the proxy refused. The proxy's credentials go with each
    // request instead (build), as curl and the CRT send them.
    this.client = b.build();
  }

  /** Sets the default credentials; called once while the client is being built. */
  public void auth(Auth auth) {
    this.auth = auth;
  }

  /** The settings. */
  public HttpSettings settings() {
    return settings;
  }

  /**
   * Sends the call, retrying as the policy allows, and maps the JSON body of its 2xx response to the
   * type ({@code Void} for none).
   *
   * @throws IcaException the subtype for the final HTTP status (401, 403, 404, 409, 429, 5xx), an
   *     {@link io.icasdk.core.IcaIoException} when the connection fails or the thread is interrupted, or
   *     an {@code IcaException} when the body is not the expected JSON
   */
  public <T> T send(Call call, Class<T> type) {
    return send(call, Json.MAPPER.getTypeFactory().constructType(type));
  }

  /**
   * Sends the call and maps the JSON body of its 2xx response to the (generic) type.
   *
   * @throws IcaException as {@link #send(Call, Class)} does
   */
  public <T> T send(Call call, JavaType type) {
    if (type.getRawClass() == Void.class) {
      exchange(call, response -> null);
      return null;
    }
    return exchange(call, response -> parse(call, response, type));
  }

  /**
   * Sends one attempt and reads its whole response within the request timeout. The JDK client's own
   * timeout ends when the response headers arrive, so a body that stalls after them (a dropped
   * connection, a stuck proxy) would block the call for good; this deadline covers the body too, and its
   * expiry is an {@link HttpTimeoutException}, retried like any broken connection.
   */
  private HttpResponse<byte[]> sendWithinTimeout(HttpRequest request) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> response =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    Duration timeout = settings.requestTimeout();
    try {
      return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      response.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
          ? ce.getCause() : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  /** Reads a 2xx response; an {@link IOException} means its body arrived damaged and is retried like a broken connection. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(HttpResponse<byte[]> response) throws IOException;
  }

  private <T> T exchange(Call call, BodyReader<T> reader) {
    Instant start = settings.clock().instant();
    int maxAttempts = settings.retryPolicy().maxAttempts();
    boolean reauthenticated = false;
    boolean outcomeUnknown = false; // an earlier attempt may have reached ICA (it timed out, its connection broke)
    for (int attempt = 1; ; attempt++) {
      Auth callAuth = call.auth() != null ? call.auth() : auth;
      HttpRequest request = build(call, callAuth);
      logRequest(call, request, attempt);
      long t0 = System.nanoTime();
      HttpResponse<byte[]> response;
      byte[] body;
      try {
        response = sendWithinTimeout(request);
        logResponse(call, response, t0);
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
          return reader.read(response);
        }
        body = decode(response);
      } catch (IOException e) {
        boolean untrusted = TlsTrust.isCertificateFailure(e);
        IcaIoException failure = new IcaIoException("Could not complete " + call.describe()
            + " with ICA at " + hostOf() + viaProxy() + " (" + redactor.scrub(describe(e)) + ") after "
            + attempt + " attempt(s). " + (untrusted ? UNTRUSTED_ADVICE : "Check the network connection"
            + (viaProxy().isEmpty() ? "" : ", the proxy") + " and the server URL."), e);
        LOG.debug("<-- {} failed: {}", call.describe(), redactor.scrub(describe(e)));
        if (!untrusted && call.retrySafe() && waitBeforeRetry(call, attempt, maxAttempts, start, null)) {
          outcomeUnknown = true;
          continue;
        }
        throw failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IcaIoException("Interrupted while waiting for ICA (" + call.describe() + ")", e);
      }
      int status = response.statusCode();
      Duration retryAfter = retryAfter(response.headers()).orElse(null);
      // A keyed create repeated while ICA still runs the first attempt gets 409 "still in progress";
      // once that attempt ends, ICA answers the repeat with its outcome (the created item, say).
      boolean inProgress = status == 409 && outcomeUnknown && call.idempotencyKey() != null;
      // 503: ICA is unavailable. 502 and 504: a gateway in front of ICA got no (complete) answer from it, so
      // ICA may have done the work, which only a safe call can repeat.
      boolean unavailable = status == 502 || status == 503 || status == 504;
      boolean retryable = status == 429 || (unavailable && call.retrySafe()) || inProgress;
      if (retryable && waitBeforeRetry(call, attempt, maxAttempts, start, retryAfter)) {
        outcomeUnknown |= status == 502 || status == 504;
        continue;
      }
      if (status == 401 && !reauthenticated && callAuth != null && callAuth.invalidate()) {
        reauthenticated = true;
        LOG.debug("401 with a cached token; fetching a new one and retrying once");
        continue;
      }
      throw error(call, response, body, attempt, retryAfter);
    }
  }

  /**
   * A 2xx body as the type. A gzip body is parsed as it inflates, not inflated into an array first
   * (a large listing page is several MiB of JSON), and read to its end, where its CRC is checked: a body
   * damaged on the way fails with the gzip stream's {@link IOException}, even when the damage first
   * showed as bad JSON, so that it is retried rather than reported as a server that sends no JSON.
   */
  private <T> T parse(Call call, HttpResponse<byte[]> response, JavaType type) throws IOException {
    byte[] raw = response.body();
    if (raw.length == 0) {
      throw emptyBody(call);
    }
    if (!gzipped(response)) {
      try {
        return Json.MAPPER.readValue(raw, type);
      } catch (JsonProcessingException e) {
        throw notJson(call, e);
      }
    }
    try (PushbackInputStream in = new PushbackInputStream(gunzip(raw), 1)) {
      int first = in.read();
      if (first < 0) {
        throw emptyBody(call);
      }
      in.unread(first);
      T value;
      try {
        value = Json.MAPPER.readValue(in, type);
      } catch (JsonProcessingException e) {
        in.transferTo(OutputStream.nullOutputStream());
        throw notJson(call, e);
      }
      in.transferTo(OutputStream.nullOutputStream());
      return value;
    }
  }

  private static IcaException emptyBody(Call call) {
    return new IcaException("ICA returned an empty response to " + call.describe()
        + "; this SDK version may not match the server");
  }

  private IcaException notJson(Call call, JsonProcessingException e) {
    return new IcaException("ICA returned a response to " + call.describe()
        + " that is not the expected JSON (" + e.getClass().getSimpleName()
        + "); check that the base URL " + settings.baseUrl() + " points at the ICA REST API", null);
  }

  private void logResponse(Call call, HttpResponse<byte[]> response, long t0) throws IOException {
    if (LOG.isDebugEnabled()) {
      LOG.debug("<-- {} {} ({} ms, {} bytes{})", response.statusCode(), call.describe(),
          (System.nanoTime() - t0) / 1_000_000, (response.body() == null ? 0 : response.body().length), gzipped(response) ? " gzipped" : "");
      if (LOG.isTraceEnabled()) {
        LOG.trace("<-- headers {}", headers(response.headers()));
        LOG.trace("<-- body {}", truncate(redactor.scrub(new String(decode(response), StandardCharsets.UTF_8)), 4000));
      }
    }
  }

  private boolean waitBeforeRetry(
      Call call, int attempt, int maxAttempts, Instant start, Duration retryAfter) {
    if (attempt >= maxAttempts) {
      return false;
    }
    Duration wait = retryAfter != null ? retryAfter : backoff(attempt);
    Duration elapsed = Duration.between(start, settings.clock().instant());
    if (wait.compareTo(settings.retryPolicy().maxElapsed().minus(elapsed)) > 0) {
      LOG.debug("not retrying {}: waiting {} would exceed maxElapsed {}", call.describe(), wait,
          settings.retryPolicy().maxElapsed());
      return false;
    }
    LOG.debug("retrying {} in {} ms (attempt {} of {})", call.describe(), wait.toMillis(),
        attempt + 1, maxAttempts);
    try {
      settings.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IcaIoException("Interrupted while waiting to retry " + call.describe(), e);
    }
    return true;
  }

  /** Full jitter: uniform in [0, min(maxBackoff, initialBackoff * 2^(attempt-1))]. */
  Duration backoff(int attempt) {
    long initial = settings.retryPolicy().initialBackoff().toMillis();
    long cap = settings.retryPolicy().maxBackoff().toMillis();
    long exp = attempt >= 31 ? cap : Math.min(cap, initial * (1L << (attempt - 1)));
    return Duration.ofMillis((long) (settings.jitter().getAsDouble() * exp));
  }

  private Optional<Duration> retryAfter(HttpHeaders headers) {
    Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
    if (value.isEmpty() || value.get().isEmpty()) {
      return Optional.empty();
    }
    String v = value.get();
    try {
      long seconds = Long.parseLong(v);
      return Optional.of(Duration.ofSeconds(Math.min(Math.max(0, seconds), MAX_RETRY_AFTER_SECONDS)));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(settings.clock().instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        LOG.debug("ignoring unparseable Retry-After header");
        return Optional.empty();
      }
    }
  }

  private HttpRequest build(Call call, Auth callAuth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(call))
        .timeout(settings.requestTimeout())
        .header("Accept", call.accept())
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", userAgent);
    if (callAuth != null) {
      callAuth.apply(b);
    }
    settings.proxy().route(settings.baseUrl()).map(HttpProxy.Route::basicAuthorization)
        .ifPresent(basic -> b.header("Proxy-Authorization", basic.reveal()));
    if (call.idempotencyKey() != null) {
      b.header("Idempotency-Key", call.idempotencyKey());
    }
    if (call.body() != null) {
      byte[] json;
      try {
        json = Json.MAPPER.writeValueAsBytes(call.body());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise request body of " + call.describe(), e);
      }
      b.header("Content-Type", V3).method(call.method(), HttpRequest.BodyPublishers.ofByteArray(json));
      if (LOG.isTraceEnabled()) {
        LOG.trace("--> body {}", redactor.scrub(new String(json, StandardCharsets.UTF_8)));
      }
    } else {
      b.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  URI uri(Call call) {
    StringBuilder s = new StringBuilder(settings.baseUrl().toString()).append(call.path());
    char sep = '?';
    for (Map.Entry<String, String> q : call.query()) {
      s.append(sep).append(UrlEncoding.queryComponent(q.getKey())).append('=')
          .append(UrlEncoding.queryComponent(q.getValue()));
      sep = '&';
    }
    return URI.create(s.toString());
  }

  private void logRequest(Call call, HttpRequest request, int attempt) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("--> {} {}{}", call.method(), redactor.scrub(request.uri().toString()),
          attempt > 1 ? " (attempt " + attempt + ")" : "");
      if (LOG.isTraceEnabled()) {
        LOG.trace("--> headers {}", headers(request.headers()));
      }
    }
  }

  private static String headers(HttpHeaders headers) {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    headers.map().forEach((k, v) -> j.add(k + "=" + (Redactor.isSecretHeader(k) ? "****" : String.join(",", v))));
    return j.toString();
  }

  private String hostOf() {
    URI u = settings.baseUrl();
    return u.getScheme() + "://" + u.getAuthority();
  }

  /** What to do when Java does not trust the server's certificate (a retry would meet the same certificate). */
  static final String UNTRUSTED_ADVICE = "This Java does not trust the server's TLS certificate. " + TlsTrust.ADVICE
      + "; otherwise check the server URL.";

  /** {@code " through the HTTP proxy host:port (from HTTPS_PROXY)"}, or empty when ICA is reached directly. */
  private String viaProxy() {
    return settings.proxy().route(settings.baseUrl()).map(r -> " through the HTTP proxy " + r.describe()).orElse("");
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private IcaException error(
      Call call, HttpResponse<byte[]> response, byte[] body, int attempts, Duration retryAfter) {
    int status = response.statusCode();
    String raw = new String(body, StandardCharsets.UTF_8);
    Wire.Problem problem = null;
    String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (contentType.contains("json") || raw.trim().startsWith("{")) {
      try {
        problem = Json.MAPPER.readValue(body, Wire.Problem.class);
      } catch (IOException e) {
        problem = null;
      }
    }
    boolean json = problem != null;
    if (problem != null && blankToNull(problem.title()) == null && blankToNull(problem.detail()) == null) {
      problem = null; // JSON, but not ICA's problem+json (a gateway's {"message": ...}): its text is shown
    }
    String code = problem == null ? null : blankToNull(problem.title());
    String detail = problem == null ? null : blankToNull(redactor.scrub(problem.detail()));
    String problemId = problem == null ? null : blankToNull(problem.id());
    StringBuilder m = new StringBuilder();
    m.append(call.describe()).append(" failed: HTTP ").append(status);
    if (code != null) {
      m.append(' ').append(code);
    }
    if (detail != null) {
      m.append(": ").append(detail);
    } else if (problem == null && !raw.isBlank()) { // shown scrubbed, then cut
      m.append(json ? " (response: " : " (non-JSON response: ")
          .append(truncate(redactor.scrub(raw.strip().replaceAll("\\s+", " ")), MAX_ERROR_BODY_CHARS)).append(')');
    }
    if (problemId != null) {
      m.append(" (ref. ").append(problemId).append(')');
    }
    m.append(". ").append(advice(status, code, call, attempts));
    String message = m.toString();
    return switch (status) {
      case 401 -> new IcaAuthenticationException(message, status, code, detail, problemId, null);
      case 403 -> new IcaPermissionException(message, status, code, detail, problemId, null);
      case 404 -> new IcaNotFoundException(message, status, code, detail, problemId, null);
      case 409 -> new IcaConflictException(message, status, code, detail, problemId, null);
      case 429 -> new IcaThrottledException(message, code, detail, problemId, retryAfter);
      default -> status >= 500
          ? new IcaServiceException(message, status, code, detail, problemId, null)
          : new IcaException(message, status, code, detail, problemId, null);
    };
  }

  private String advice(int status, String code, Call call, int attempts) {
    String tries = attempts > 1 ? " (tried " + attempts + " times)" : "";
    return switch (status) {
      case 400 -> "ICA_API_004".equals(code)
          ? "ICA refused the Accept header; this SDK version may be too old for the server - upgrade ica-sdk"
          : "ICA rejected the request as invalid; check the arguments (paths must be absolute, folder paths end with '/')";
      case 401 -> "Check the API key or access token (builder, ICAV2_X_API_KEY / ICAV2_ACCESS_TOKEN, or "
          + "~/.icav2/config.yaml; this client used " + settings.credentialSource() + ") and that the server URL "
          + settings.baseUrl() + " is the ICA instance the key was issued for";
      case 403 -> "The credentials are valid but not allowed to do this; check that the API key's user "
          + "is a member of the project with a role that allows it";
      case 404 -> "Check that the project and data ids or paths exist and are visible to this API key";
      case 409 -> "The request conflicts with the current state (the item may already exist, or a "
          + "concurrent update is running); look the item up, or try again later";
      case 422 -> call.idempotencyKey() != null
          ? "ICA could not process the request (an Idempotency-Key may have been reused with a different body); check the arguments"
          : "ICA could not process the request; check the arguments";
      case 407 -> settings.proxy().authenticationAdvice(settings.baseUrl());
      case 429 -> "ICA is rate-limiting this client" + tries + "; slow down, use bulk calls, or allow "
          + "more time in the RetryPolicy";
      default -> status >= 500
          ? "ICA failed or is unavailable" + tries + "; try again later, and quote the ref. to Illumina support if it persists"
          : "Unexpected response from ICA; check the arguments and the server URL";
    };
  }

  /**
   * The response body, gunzipped when the server answered {@code Content-Encoding: gzip} (we ask for
   * it: ICA gzips JSON, and large listings shrink about tenfold). Other bodies are returned as is.
   */
  static byte[] decode(HttpResponse<byte[]> response) throws IOException {
    byte[] raw = response.body() == null ? new byte[0] : response.body(); // none: a proxy's 407 to CONNECT
    if (!gzipped(response) || raw.length == 0) {
      return raw;
    }
    try (InputStream in = gunzip(raw)) {
      return in.readAllBytes();
    }
  }

  private static boolean gzipped(HttpResponse<byte[]> response) {
    return response.headers().allValues("Content-Encoding").stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .anyMatch(v -> v.trim().equalsIgnoreCase("gzip"));
  }

  /**
   * A gzip body as it inflates, handed to the inflater up to 16 KiB at a time (the JDK's default, 512,
   * means many more calls for a listing page), but no more than the body: most answers are small, and a
   * buffer per answer is what a 10,000-file upload allocated most here.
   */
  private static InputStream gunzip(byte[] gzip) throws IOException {
    return new GZIPInputStream(new ByteArrayInputStream(gzip), Math.max(512, Math.min(16 * 1024, gzip.length)));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
