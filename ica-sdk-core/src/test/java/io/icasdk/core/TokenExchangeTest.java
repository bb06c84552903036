package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** API key -> JWT exchange: POST /api/tokens, caching, renewal before exp (driven by a Clock seam). */
class TokenExchangeTest extends WireTestSupport {

  static String jwt(Instant exp) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"aud\":\"ica\",\"tid\":\"dGVuYW50\",\"exp\":" + exp.getEpochSecond() + "}")
        .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".c2lnbmF0dXJl";
  }

  private IcaClient exchanging() {
    return builder().apiKey(API_KEY).exchangeApiKeyForToken(true).build();
  }

  @Test
  void exchange_postsEmptyBodyWithApiKey_thenSendsTheJwtAsBearer() throws Exception {
    String token = jwt(clock.instant().plus(Duration.ofHours(1)));
    enqueue(200, "{\"token\":\"" + token + "\",\"extra\":1}");
    enqueue(200, "{\"items\":[]}");
    exchanging().listRegions();

    RecordedRequest exchange = take();
    assertThat(exchange.getMethod()).isEqualTo("POST");
    assertThat(apiPath(exchange)).isEqualTo("/api/tokens");
    assertThat(exchange.getBodySize()).isZero();
    assertThat(exchange.getHeaders().get("X-API-Key")).isEqualTo(API_KEY);
    assertThat(exchange.getHeaders().get("Accept")).isEqualTo(V3);
    assertThat(exchange.getHeaders().get("Authorization")).isNull();
    RecordedRequest call = take();
    assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
    assertThat(call.getHeaders().get("X-API-Key")).isNull();
  }

  @Test
  void token_isCached_andRenewedOnlyShortlyBeforeExp() throws Exception {
    String first = jwt(clock.instant().plus(Duration.ofHours(1)));
    String second = jwt(clock.instant().plus(Duration.ofHours(2)));
    enqueue(200, "{\"token\":\"" + first + "\"}");
    enqueue(200, "{\"items\":[]}");
    enqueue(200, "{\"items\":[]}");
    enqueue(200, "{\"token\":\"" + second + "\"}");
    enqueue(200, "{\"items\":[]}");
    IcaClient ica = exchanging();

    ica.listRegions();
    clock.advance(Duration.ofMinutes(54)); // 6 minutes left: still outside the 5-minute margin
    ica.listRegions();
    clock.advance(Duration.ofMinutes(2)); // 4 minutes left: renew
    ica.listRegions();

    assertThat(apiPath(take())).isEqualTo("/api/tokens");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + first);
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + first);
    assertThat(apiPath(take())).isEqualTo("/api/tokens");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + second);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void exchange_isRetriedWhenThrottled() throws Exception {
    enqueue(429, Fixtures.problem(429, "ICA_API_429", "Too many requests"));
    enqueue(200, "{\"token\":\"" + jwt(clock.instant().plusSeconds(3600)) + "\"}");
    enqueue(200, "{\"items\":[]}");
    exchanging().listRegions();
    assertThat(apiPath(take())).isEqualTo("/api/tokens");
    assertThat(apiPath(take())).isEqualTo("/api/tokens");
    assertThat(apiPath(take())).isEqualTo("/api/regions");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void a401WithACachedToken_fetchesAFreshTokenAndRetriesOnce() throws Exception {
    String stale = jwt(clock.instant().plusSeconds(3600));
    String fresh = jwt(clock.instant().plusSeconds(7200));
    enqueue(200, "{\"token\":\"" + stale + "\"}");
    enqueue(401, Fixtures.problem(401, "ICA_SEC_002", "Unauthorized"));
    enqueue(200, "{\"token\":\"" + fresh + "\"}");
    enqueue(200, "{\"items\":[]}");
    exchanging().listRegions();
    take();
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + stale);
    take();
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + fresh);
  }

  @Test
  void tokenWithoutReadableExp_isUsedForTenMinutes() throws Exception {
    enqueue(200, "{\"token\":\"opaque-token\"}");
    enqueue(200, "{\"items\":[]}");
    enqueue(200, "{\"token\":\"opaque-token-2\"}");
    enqueue(200, "{\"items\":[]}");
    IcaClient ica = exchanging();
    ica.listRegions();
    clock.advance(Duration.ofMinutes(10));
    ica.listRegions();
    take();
    take();
    assertThat(apiPath(take())).isEqualTo("/api/tokens");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer opaque-token-2");
  }
}
