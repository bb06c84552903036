package io.icasdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.icasdk.core.IcaException;
import io.icasdk.core.Secret;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchanges the API key for a JWT ({@code POST /api/tokens}), caches it and fetches a new one before
 * its {@code exp} (JWTs made from an API key cannot be refreshed). The JWT payload is decoded without
 * verifying the signature: we only need the expiry, ICA verifies the token. Thread-safe.
 */
public final class TokenExchangeAuth implements Auth {
  private static final Logger LOG = LoggerFactory.getLogger(TokenExchangeAuth.class);
  /** Used when the token carries no readable exp. */
  static final Duration FALLBACK_LIFETIME = Duration.ofMinutes(10);
  static final Duration MAX_MARGIN = Duration.ofMinutes(5);

  private final IcaHttp http;
  private final Auth apiKey;
  private final Clock clock;
  private Secret token;
  private Instant renewAt;

  /**
   * @param http the pipeline used for the exchange call
   * @param apiKey the API key to exchange
   * @param clock time source
   */
  public TokenExchangeAuth(IcaHttp http, Secret apiKey, Clock clock) {
    this.http = http;
    this.apiKey = Auth.apiKey(apiKey);
    this.clock = clock;
  }

  @Override
  public void apply(HttpRequest.Builder request) {
    request.header("Authorization", "Bearer " + current().reveal());
  }

  @Override
  public synchronized boolean invalidate() {
    token = null;
    renewAt = null;
    return true;
  }

  @Override
  public String describe() {
    return "JWT from API key";
  }

  synchronized Secret current() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      Wire.Token t = http.send(Call.post("/api/tokens", null).safe().withAuth(apiKey), Wire.Token.class);
      if (t == null || t.token() == null || t.token().isBlank()) {
        throw new IcaException("ICA returned no token from POST /api/tokens; check the server URL");
      }
      token = Secret.of(t.token());
      Instant exp = expiry(t.token());
      Duration lifetime = exp == null ? FALLBACK_LIFETIME : Duration.between(now, exp);
      if (lifetime.isNegative()) {
        lifetime = Duration.ZERO;
      }
      Duration margin = lifetime.dividedBy(10);
      if (margin.compareTo(MAX_MARGIN) > 0) {
        margin = MAX_MARGIN;
      }
      renewAt = now.plus(lifetime).minus(margin);
      LOG.debug("obtained a JWT from the API key; renewing it at {}", renewAt);
    }
    return token;
  }

  /** The exp claim of a JWT, or null when it cannot be read. */
  static Instant expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace('+', '-').replace('/', '_').replace("=", ""));
      JsonNode exp = Json.MAPPER.readTree(new String(payload, StandardCharsets.UTF_8)).get("exp");
      return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
    } catch (IllegalArgumentException | java.io.IOException e) {
      return null;
    }
  }
}
