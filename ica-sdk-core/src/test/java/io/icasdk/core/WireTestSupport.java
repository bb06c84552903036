package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * MockWebServer harness. Every request a test takes is also checked against ICA's OpenAPI spec
 * (when the spec file is present), so each wire test doubles as a conformance test.
 */
abstract class WireTestSupport {
  static final String API_KEY = "SENTINEL-API-KEY-7f3e9a";
  static final String V3 = "application/vnd.illumina.v3+json";

  MockWebServer server;
  MutableClock clock;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<RecordedRequest> taken = new ArrayList<>();
  @TempDir Path home;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
    clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
  }

  @AfterEach
  void stopServerAndValidate() {
    server.close();
    if (SpecValidator.available()) {
      taken.forEach(SpecValidator::assertConforms);
    }
  }

  String baseUrl() {
    String s = server.url("/ica/rest").toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  IcaClient.Builder builder() {
    return IcaClient.builder()
        .baseUrl(baseUrl())
        .environment(Map.of())
        .userHome(home)
        .clock(clock)
        .sleeper(d -> {
          sleeps.add(d);
          clock.advance(d);
        })
        .jitter(() -> 0.5);
  }

  IcaClient client() {
    return builder().apiKey(API_KEY).build();
  }

  ProjectDataClient data() {
    return client().projectData(Fixtures.PROJECT_ID);
  }

  void enqueue(int code, String json) {
    server.enqueue(new MockResponse.Builder().code(code)
        .setHeader("Content-Type", code >= 400 ? "application/problem+json" : V3)
        .body(json).build());
  }

  void enqueue(MockResponse response) {
    server.enqueue(response);
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("expected a request to reach the server").isNotNull();
    taken.add(r);
    return r;
  }

  /** Path below the base URL, e.g. "/api/projects". */
  static String apiPath(RecordedRequest r) {
    return r.getUrl().encodedPath().substring("/ica/rest".length());
  }

  static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().utf8();
  }

  void assertCommonHeaders(RecordedRequest r) {
    assertThat(r.getHeaders().get("Accept")).isEqualTo(V3);
    assertThat(r.getHeaders().get("X-API-Key")).isEqualTo(API_KEY);
    assertThat(r.getHeaders().get("User-Agent")).startsWith("ica-sdk/");
    assertThat(r.getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
  }
}
