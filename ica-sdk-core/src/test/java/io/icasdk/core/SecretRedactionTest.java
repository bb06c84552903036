package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataWithCredentials;
import io.icasdk.core.model.FileWithUploadUrl;
import io.icasdk.core.model.TemporaryCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Sentinel secrets never reach logs (captured at TRACE), exception messages or toString. */
class SecretRedactionTest extends WireTestSupport {
  private static final String TOKEN = "SENTINEL-TOKEN-4d1c0b";
  private static final String SECRET_KEY = "SENTINEL-SECRET-KEY-99aa";
  private static final String SESSION_TOKEN = "SENTINEL-SESSION-TOKEN-77bb";
  private static final String URL_SIGNATURE = "SENTINEL-SIGNATURE-55cc";
  private static final List<String> SENTINELS = List.of(API_KEY, TOKEN, SECRET_KEY, SESSION_TOKEN, URL_SIGNATURE);

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger root;
  private Level previous;
  private final List<String> texts = new ArrayList<>();

  @BeforeEach
  void captureLogsAtTrace() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previous = root.getLevel();
    Logger sdk = (Logger) LoggerFactory.getLogger("io.icasdk");
    sdk.setLevel(Level.TRACE);
    appender.start();
    sdk.addAppender(appender);
  }

  @AfterEach
  void restore() {
    Logger sdk = (Logger) LoggerFactory.getLogger("io.icasdk");
    sdk.detachAppender(appender);
    sdk.setLevel(null);
    root.setLevel(previous);
  }

  private void assertNoSentinelAnywhere() {
    List<String> all = new ArrayList<>(texts);
    for (ILoggingEvent e : appender.list) {
      all.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        all.add(e.getThrowableProxy().getMessage());
      }
    }
    assertThat(appender.list).as("TRACE logging was captured").isNotEmpty();
    assertThat(appender.list).as("secrets were logged masked, proving the check is live")
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("****"));
    for (String text : all) {
      for (String sentinel : SENTINELS) {
        assertThat(text).as("no secret in: %s", text).doesNotContain(sentinel);
      }
    }
  }

  @Test
  void apiKey_credentialsAndUrls_neverAppearInLogsMessagesOrToString() throws Exception {
    IcaClient ica = client();
    ProjectDataClient data = ica.projectData(Fixtures.PROJECT_ID);
    enqueue(200, Fixtures.awsCredentials(SECRET_KEY, SESSION_TOKEN));
    enqueue(201, "{\"projectId\":\"" + Fixtures.PROJECT_ID + "\",\"data\":"
        + Fixtures.data(Fixtures.FILE_ID, "/x", "FILE", "PARTIAL")
        + ",\"uploadUrl\":\"https://b.s3.amazonaws.com/x?X-Amz-Signature=" + URL_SIGNATURE + "\"}");
    enqueue(201, "{\"projectId\":\"" + Fixtures.PROJECT_ID + "\",\"data\":"
        + Fixtures.data(Fixtures.FILE_ID, "/x", "FILE", "PARTIAL")
        + ",\"tempCredentials\":" + Fixtures.rcloneCredentials(SECRET_KEY) + "}");
    enqueue(401, Fixtures.problem(401, "ICA_SEC_002", "Unauthorized key " + API_KEY));

    TemporaryCredentials creds = data.createTemporaryCredentials(DataId.of(Fixtures.FOLDER_ID), CredentialsRequest.aws());
    FileWithUploadUrl withUrl = data.createFileWithUploadUrl(CreateFileRequest.forPath("/x"));
    DataWithCredentials rclone = data.createFileWithTemporaryCredentials(CreateFileRequest.forPath("/x"),
        CredentialsRequest.rclone());
    Throwable failure = catchThrowable(() -> data.get(DataId.of(Fixtures.FILE_ID)));
    for (int i = 0; i < 4; i++) {
      take();
    }

    assertThat(creds.aws().secretKey().reveal()).isEqualTo(SECRET_KEY);
    assertThat(failure).isInstanceOf(IcaAuthenticationException.class);
    texts.add(ica.toString());
    texts.add(data.toString());
    texts.add(creds.toString());
    texts.add(withUrl.toString());
    texts.add(rclone.toString());
    texts.add(failure.getMessage());
    texts.add(String.valueOf(((IcaException) failure).detail().orElse("")));
    texts.add(Secret.of(API_KEY).toString());
    assertNoSentinelAnywhere();
  }

  @Test
  void bearerTokenAndExchangedToken_neverAppearInLogs() throws Exception {
    enqueue(200, "{\"items\":[]}");
    builder().accessToken(TOKEN).build().listRegions();
    take();

    String jwt = TokenExchangeTest.jwt(clock.instant().plusSeconds(3600)) + TOKEN;
    enqueue(200, "{\"token\":\"" + jwt + "\"}");
    enqueue(200, "{\"items\":[]}");
    IcaClient exchanging = builder().apiKey(API_KEY).exchangeApiKeyForToken(true).build();
    exchanging.listRegions();
    take();
    take();
    texts.add(exchanging.toString());
    assertNoSentinelAnywhere();
  }

  @Test
  void configurationErrors_neverEchoTheKey() {
    Throwable t = catchThrowable(() -> IcaClient.builder().environment(Map.of(
        "ICAV2_X_API_KEY", API_KEY, "ICAV2_BASE_URL", "http://ica.example.com/ica/rest")).userHome(home).build());
    assertThat(t).isInstanceOf(IcaConfigurationException.class);
    texts.add(t.getMessage());
    for (String s : SENTINELS) {
      assertThat(t.getMessage()).doesNotContain(s);
    }
  }

  @Test
  void aBaseUrlWithAUserAndPassword_isRefused_withoutShowingThem() {
    for (String url : List.of("https://bob:PW_SECRET@ica.example.com/ica/rest", "https://bob:PW_SECRET@ica.example.com",
        "https://bob:PW_SECRET@ica example.com/")) {
      Throwable t = catchThrowable(() -> IcaClient.builder().environment(Map.of("ICAV2_X_API_KEY", API_KEY,
          "ICAV2_BASE_URL", url)).userHome(home).build());
      assertThat(t).as(url).isInstanceOf(IcaConfigurationException.class);
      assertThat(t.getMessage()).doesNotContain("PW_SECRET").doesNotContain("bob:");
    }
    assertThat(io.icasdk.core.internal.Redactor.withoutUserInfo("to http://bob:pw@proxy:3128/ and s3://u:p@b/k"))
        .isEqualTo("to http://****@proxy:3128/ and s3://****@b/k");
  }

  /** A TRACE body is cut to its first 4,000 characters after it is scrubbed: a cut never bares part of a secret. */
  @Test
  void aSecretWhereALoggedBodyIsCut_isMaskedAllTheSame() throws Exception {
    String secret = SECRET_KEY + "x".repeat(200);
    String head = "{\"awsTempCredentials\": {\"accessKey\": \"ASIA\", \"padding\": \"";
    head = head + "p".repeat(3950 - head.length()) + "\", \"secretKey\": \"";
    enqueue(200, head + secret + "\", \"sessionToken\": \"t\", \"region\": \"us-east-1\", \"bucket\": \"b\","
        + " \"objectPrefix\": \"p/\"}}");
    client().projectData(Fixtures.PROJECT_ID)
        .createTemporaryCredentials(DataId.of(Fixtures.FOLDER_ID), CredentialsRequest.aws());
    take();
    assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("<-- body"));
    assertNoSentinelAnywhere();
  }
}
