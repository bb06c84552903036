package io.icasdk.core;

import static io.icasdk.core.Fixtures.FILE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.icasdk.core.model.DataId;
import io.icasdk.core.model.ProjectData;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** Every error path: problem+json decoding, exception types, messages, retries and their limits. */
class ErrorHandlingTest extends WireTestSupport {

  private ProjectDataClient noRetry() {
    return builder().apiKey(API_KEY).retryPolicy(RetryPolicy.none()).build().projectData(Fixtures.PROJECT_ID);
  }

  private MockResponse throttled(String retryAfter) {
    MockResponse.Builder b = new MockResponse.Builder().code(429)
        .setHeader("Content-Type", "application/problem+json")
        .body(Fixtures.problem(429, "ICA_API_429", "Too many requests. Please try again later!"));
    if (retryAfter != null) {
      b.setHeader("Retry-After", retryAfter);
    }
    return b.build();
  }

  private static MockResponse reset() {
    return new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build();
  }

  @Test
  void badRequest_400_ICA_API_004_isAnIcaExceptionWithCodeDetailAndRef() throws Exception {
    enqueue(400, Fixtures.problem(400, "ICA_API_004", "Invalid Accept Header"));
    IcaException e = catchThrowableOfType(IcaException.class, () -> data().get(DataId.of(FILE_ID)));
    take();
    assertThat(e.getClass()).isEqualTo(IcaException.class);
    assertThat(e.status()).hasValue(400);
    assertThat(e.icaCode()).hasValue("ICA_API_004");
    assertThat(e.detail()).hasValue("Invalid Accept Header");
    assertThat(e.problemId()).hasValue("0b7a7c1e-1111-2222-3333-444455556666");
    assertThat(e.getMessage())
        .contains("GET /api/projects/" + Fixtures.PROJECT_ID + "/data/" + FILE_ID)
        .contains("HTTP 400 ICA_API_004: Invalid Accept Header")
        .contains("(ref. 0b7a7c1e-1111-2222-3333-444455556666)")
        .contains("upgrade ica-sdk");
    assertThat(sleeps).as("400 is not retried").isEmpty();
  }

  @Test
  void unauthorized_401_saysToCheckTheApiKeyAndServer_withoutTheKey() throws Exception {
    enqueue(401, Fixtures.problem(401, "ICA_SEC_002", "Unauthorized"));
    IcaAuthenticationException e = catchThrowableOfType(IcaAuthenticationException.class,
        () -> client().listRegions());
    take();
    assertThat(e.status()).hasValue(401);
    assertThat(e.icaCode()).hasValue("ICA_SEC_002");
    assertThat(e.getMessage()).contains("Check the API key").contains(baseUrl()).doesNotContain(API_KEY)
        .contains("; this client used the builder's apiKey(...)) and that the server URL");
  }

  @Test
  void forbidden_403_isAPermissionException() throws Exception {
    enqueue(403, Fixtures.problem(403, "ICA_SEC_003", "Forbidden"));
    IcaPermissionException e = catchThrowableOfType(IcaPermissionException.class,
        () -> data().get(DataId.of(FILE_ID)));
    take();
    assertThat(e.status()).hasValue(403);
    assertThat(e.getMessage()).contains("member of the project");
  }

  @Test
  void notFound_404_isANotFoundException() throws Exception {
    enqueue(404, Fixtures.problem(404, "ICA_GENERAL_404", "Data not found"));
    IcaNotFoundException e = catchThrowableOfType(IcaNotFoundException.class,
        () -> data().get(DataId.of(FILE_ID)));
    take();
    assertThat(e.detail()).hasValue("Data not found");
    assertThat(e.getMessage()).contains("exist");
  }

  @Test
  void conflict_409_ICA_DATA_105_onCreate_isAConflictException_andNotRetried() throws Exception {
    enqueue(409, Fixtures.problem(409, "ICA_DATA_105",
        "Conflict while updating file/folder. Please try again later."));
    IcaConflictException e = catchThrowableOfType(IcaConflictException.class,
        () -> data().createFile(CreateFileRequest.forPath("/a/x.txt")));
    take();
    assertThat(e.icaCode()).hasValue("ICA_DATA_105");
    assertThat(e.getMessage()).contains("POST /api/projects/" + Fixtures.PROJECT_ID + "/data:createFile")
        .contains("look the item up");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void unprocessable_422_onCreate_mentionsTheIdempotencyKey() throws Exception {
    enqueue(422, Fixtures.problem(422, "ICA_API_422", "Unprocessable"));
    IcaException e = catchThrowableOfType(IcaException.class,
        () -> data().createFolder(CreateFolderRequest.forPath("/a/")));
    take();
    assertThat(e.status()).hasValue(422);
    assertThat(e.getMessage()).contains("Idempotency-Key");
  }

  @Test
  void throttled_429_withRetryAfterSeconds_waitsThatLong_thenSucceeds() throws Exception {
    enqueue(throttled("7"));
    enqueue(200, Fixtures.file("/a/x.txt"));
    ProjectData d = data().get(DataId.of(FILE_ID));
    take();
    take();
    assertThat(d.path()).isEqualTo("/a/x.txt");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void throttled_429_withRetryAfterHttpDate_waitsUntilThatDate() throws Exception {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        clock.instant().plusSeconds(12).atZone(ZoneOffset.UTC));
    enqueue(throttled(date));
    enqueue(200, "{\"items\":[]}");
    client().listRegions();
    take();
    take();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void throttled_429_withoutRetryAfter_usesJitteredExponentialBackoff() throws Exception {
    enqueue(throttled(null));
    enqueue(throttled(null));
    enqueue(throttled(null));
    enqueue(200, "{\"items\":[]}");
    client().listRegions();
    for (int i = 0; i < 4; i++) {
      take();
    }
    // jitter fixed at 0.5 in tests: half of 500ms, 1s, 2s
    assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void throttled_429_exhaustingAttempts_throwsThrottledWithRetryAfter() throws Exception {
    IcaClient ica = builder().apiKey(API_KEY)
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).build()).build();
    for (int i = 0; i < 3; i++) {
      enqueue(throttled("2"));
    }
    IcaThrottledException e = catchThrowableOfType(IcaThrottledException.class, ica::listRegions);
    for (int i = 0; i < 3; i++) {
      take();
    }
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
    assertThat(e.status()).hasValue(429);
    assertThat(e.getMessage()).contains("rate-limiting").contains("tried 3 times");
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void throttled_429_retryAfterBeyondTheElapsedBudget_givesUpWithoutWaiting() throws Exception {
    IcaClient ica = builder().apiKey(API_KEY)
        .retryPolicy(RetryPolicy.builder().maxElapsed(Duration.ofSeconds(30)).build()).build();
    enqueue(throttled("3600"));
    IcaThrottledException e = catchThrowableOfType(IcaThrottledException.class, ica::listRegions);
    take();
    assertThat(e.retryAfter()).hasValue(Duration.ofHours(1));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void throttled_429_onCreate_isRetriedWithTheSameIdempotencyKey() throws Exception {
    enqueue(throttled("1"));
    enqueue(201, Fixtures.file("/a/x.txt"));
    data().createFile(CreateFileRequest.forPath("/a/x.txt"));
    RecordedRequest first = take();
    RecordedRequest second = take();
    assertThat(first.getHeaders().get("Idempotency-Key")).isNotBlank()
        .isEqualTo(second.getHeaders().get("Idempotency-Key"));
    assertThat(body(first)).isEqualTo(body(second));
  }

  @Test
  void serverError_500_isAServiceException_andNotRetried() throws Exception {
    enqueue(500, Fixtures.problem(500, "ICA_GENERAL_500", "Internal error"));
    IcaServiceException e = catchThrowableOfType(IcaServiceException.class, () -> client().listRegions());
    take();
    assertThat(e.status()).hasValue(500);
    assertThat(e.getMessage()).contains("try again later");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void unavailable_503_onGet_isRetried() throws Exception {
    enqueue(503, Fixtures.problem(503, "ICA_API_503", "Service unavailable"));
    enqueue(200, "{\"items\":[]}");
    assertThat(client().listRegions()).isEmpty();
    take();
    take();
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void unavailable_503_onCreateWithIdempotencyKey_isRetriedWithTheSameKey() throws Exception {
    enqueue(503, Fixtures.problem(503, "ICA_API_503", "Service unavailable"));
    enqueue(201, Fixtures.file("/a/x.txt"));
    data().createFile(CreateFileRequest.forPath("/a/x.txt"));
    String k1 = take().getHeaders().get("Idempotency-Key");
    String k2 = take().getHeaders().get("Idempotency-Key");
    assertThat(k1).isNotNull().isEqualTo(k2);
  }

  @Test
  void gatewayErrors_502_504_onGet_areRetried() throws Exception {
    enqueue(502, "<html><body>502 Bad Gateway</body></html>");
    enqueue(504, "<html><body>504 Gateway Time-out</body></html>");
    enqueue(200, "{\"items\":[]}");
    assertThat(client().listRegions()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).hasSize(2);
  }

  /** A 504 means ICA may have made the file: the repeat that ICA answers "in progress" waits for it. */
  @Test
  void gatewayTimeout_504_onKeyedCreate_isRetried_andAnInProgress409AfterItToo() throws Exception {
    enqueue(504, "<html><body>504 Gateway Time-out</body></html>");
    enqueue(409, Fixtures.problem(409, "ICA_API_409", "Request with this Idempotency-Key is still in progress"));
    enqueue(201, Fixtures.file("/a/x.txt"));
    data().createFile(CreateFileRequest.forPath("/a/x.txt"));
    String k1 = take().getHeaders().get("Idempotency-Key");
    assertThat(take().getHeaders().get("Idempotency-Key")).isEqualTo(k1);
    assertThat(take().getHeaders().get("Idempotency-Key")).isEqualTo(k1);
  }

  @Test
  void gatewayError_502_onNonIdempotentPost_isNotRetried() throws Exception {
    enqueue(502, "<html><body>502 Bad Gateway</body></html>");
    assertThatThrownBy(() -> data().completeFolderUploadSession(DataId.of(Fixtures.FOLDER_ID), "s", 1))
        .isInstanceOf(IcaServiceException.class).hasMessageContaining("502");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void unavailable_503_onNonIdempotentPost_isNotRetried() throws Exception {
    enqueue(503, Fixtures.problem(503, "ICA_API_503", "Service unavailable"));
    assertThatThrownBy(() -> data().completeFolderUploadSession(DataId.of(Fixtures.FOLDER_ID), "s", 1))
        .isInstanceOf(IcaServiceException.class);
    take();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void unavailable_503_exhaustingAttempts_isAServiceException() throws Exception {
    IcaClient ica = builder().apiKey(API_KEY).retryPolicy(RetryPolicy.builder().maxAttempts(2).build()).build();
    enqueue(503, Fixtures.problem(503, "ICA_API_503", "Service unavailable"));
    enqueue(503, Fixtures.problem(503, "ICA_API_503", "Service unavailable"));
    IcaServiceException e = catchThrowableOfType(IcaServiceException.class, ica::listRegions);
    take();
    take();
    assertThat(e.icaCode()).hasValue("ICA_API_503");
    assertThat(e.getMessage()).contains("tried 2 times");
  }

  @Test
  void resetConnection_onGet_isRetried_thenSucceeds() throws Exception {
    // twice: java.net.http itself retries a GET once when the connection closes before any byte
    enqueue(reset());
    enqueue(reset());
    enqueue(200, Fixtures.file("/a/x.txt"));
    assertThat(data().get(DataId.of(FILE_ID)).path()).isEqualTo("/a/x.txt");
    assertThat(server.getRequestCount()).isGreaterThanOrEqualTo(2);
    assertThat(sleeps).isNotEmpty();
  }

  @Test
  void resetConnection_withoutRetries_isAnIoExceptionThatSaysWhatToCheck() {
    enqueue(reset());
    enqueue(reset());
    IcaIoException e = catchThrowableOfType(IcaIoException.class, () -> noRetry().get(DataId.of(FILE_ID)));
    assertThat(e.status()).isEmpty();
    assertThat(e.getMessage()).contains("Check the network connection and the server URL")
        .doesNotContain(API_KEY);
    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void resetConnection_onNonIdempotentPost_isNotRetried() {
    enqueue(reset());
    enqueue(200, Fixtures.session("s", "COMPLETED", null));
    assertThatThrownBy(() -> data().completeFolderUploadSession(DataId.of(Fixtures.FOLDER_ID), "s", 1))
        .isInstanceOf(IcaIoException.class);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void nonJsonErrorBody_isReportedReadably() throws Exception {
    enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>").build());
    IcaServiceException e = catchThrowableOfType(IcaServiceException.class, () -> noRetry().get(DataId.of(FILE_ID)));
    take();
    assertThat(e.status()).hasValue(502);
    assertThat(e.icaCode()).isEmpty();
    assertThat(e.problemId()).isEmpty();
    assertThat(e.getMessage()).contains("HTTP 502").contains("non-JSON response").contains("502 Bad Gateway");
  }

  @Test
  void malformedJsonError_withJsonContentType_fallsBackToTheRawText() throws Exception {
    enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/problem+json")
        .body("{not json").build());
    IcaException e = catchThrowableOfType(IcaException.class, () -> noRetry().get(DataId.of(FILE_ID)));
    take();
    assertThat(e.status()).hasValue(400);
    assertThat(e.getMessage()).contains("{not json");
  }

  @Test
  void successWithNonJsonBody_isAClearError() throws Exception {
    enqueue(new MockResponse.Builder().code(200).body("<html>login page</html>").build());
    IcaException e = catchThrowableOfType(IcaException.class, () -> noRetry().get(DataId.of(FILE_ID)));
    take();
    assertThat(e.getMessage()).contains("not the expected JSON").contains("base URL");
  }

  @Test
  void errorDetail_neverRepeatsPresignedUrlQueryStrings() throws Exception {
    enqueue(400, Fixtures.problem(400, "ICA_X", "bad url https://b.s3.amazonaws.com/k?X-Amz-Signature=SIGSECRET"));
    IcaException e = catchThrowableOfType(IcaException.class, () -> noRetry().get(DataId.of(FILE_ID)));
    take();
    assertThat(e.getMessage()).doesNotContain("SIGSECRET").contains("https://b.s3.amazonaws.com/k?<redacted>");
    assertThat(e.detail().orElseThrow()).doesNotContain("SIGSECRET");
  }

  /** The JDK client's timeout ends with the headers; a body that stalls after them must not hang the call. */
  @Test
  void aBodyThatStallsAfterItsHeaders_endsTheAttemptAtTheRequestTimeout() {
    enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", V3)
        .body(Fixtures.file("/a/x.txt")).bodyDelay(30, TimeUnit.SECONDS).build());
    ProjectDataClient data = builder().apiKey(API_KEY).retryPolicy(RetryPolicy.none())
        .requestTimeout(Duration.ofSeconds(1)).build().projectData(Fixtures.PROJECT_ID);
    IcaIoException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> catchThrowableOfType(IcaIoException.class, () -> data.get(DataId.of(FILE_ID))));
    assertThat(e).as("the stalled call fails as a broken connection, so it is retried like one").isNotNull();
    assertThat(e.getMessage()).contains("HttpTimeoutException");
  }

  /**
   * A keyed create whose first attempt timed out while ICA still ran it: the repeat (same Idempotency-Key)
   * gets ICA's 409 "still in progress" and is repeated again until ICA answers with the first attempt's
   * outcome, instead of reporting a conflict for a create that succeeded.
   */
  @Test
  void aCreateRepeatedWhileTheFirstAttemptStillRuns_waitsForItsOutcome_notAConflict() throws Exception {
    enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", V3)
        .body(Fixtures.file("/a/x.txt")).headersDelay(3, TimeUnit.SECONDS).build());
    enqueue(409, Fixtures.problem(409, "ICA_API_409", "Request with this Idempotency-Key is still in progress"));
    enqueue(201, Fixtures.file("/a/x.txt"));
    ProjectDataClient data = builder().apiKey(API_KEY).requestTimeout(Duration.ofSeconds(1)).build()
        .projectData(Fixtures.PROJECT_ID);
    ProjectData created = data.createFile(CreateFileRequest.forPath("/a/x.txt"));
    assertThat(created.path()).isEqualTo("/a/x.txt");
    String key = take().getHeaders().get("Idempotency-Key");
    assertThat(take().getHeaders().get("Idempotency-Key")).isEqualTo(key);
    assertThat(take().getHeaders().get("Idempotency-Key")).isEqualTo(key);
  }

  @Test
  void aConflictWithoutAnEarlierUnansweredAttempt_isStillAConflictAtOnce() throws Exception {
    enqueue(409, Fixtures.problem(409, "ICA_DATA_105", "/a/x.txt already exists"));
    assertThatThrownBy(() -> client().projectData(Fixtures.PROJECT_ID)
        .createFile(CreateFileRequest.forPath("/a/x.txt"))).isInstanceOf(IcaConflictException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anAbsurdRetryAfter_endsInTheThrottledException_notAnOverflow() throws Exception {
    enqueue(throttled("1"));
    enqueue(throttled(Long.toString(Long.MAX_VALUE)));
    IcaThrottledException e = catchThrowableOfType(IcaThrottledException.class, () -> client().listRegions());
    assertThat(e).isNotNull();
    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofDays(1)));
  }

  /** A gateway's or proxy's JSON that is not ICA's problem+json: its text is the explanation. */
  @Test
  void aJsonErrorThatIsNoProblem_keepsItsText() throws Exception {
    enqueue(new MockResponse.Builder().code(504).setHeader("Content-Type", "application/json")
        .body("{\"message\": \"Endpoint request timed out\"}").build());
    IcaServiceException e = catchThrowableOfType(IcaServiceException.class,
        () -> builder().apiKey(API_KEY).retryPolicy(RetryPolicy.none()).build().listRegions());
    assertThat(e.getMessage()).contains("HTTP 504 (response: {\"message\": \"Endpoint request timed out\"})");
  }
}
