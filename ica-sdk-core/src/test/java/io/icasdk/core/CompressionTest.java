package io.icasdk.core;

import static io.icasdk.core.Fixtures.PROJECT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.model.DataId;
import io.icasdk.core.model.ProjectData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** {@code Accept-Encoding: gzip} on every call, and transparent gunzip of gzip-encoded answers. */
class CompressionTest extends WireTestSupport {

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** gzip without compression: the content's bytes stand as they are in the body, where a test can damage them. */
  private static byte[] gzipStored(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
      {
        def.setLevel(Deflater.NO_COMPRESSION);
      }
    }) {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static MockResponse gzipped(int code, String contentType, String json) throws IOException {
    return gzipBody(code, contentType, gzip(json));
  }

  private static MockResponse gzipBody(int code, String contentType, byte[] body) {
    return new MockResponse.Builder().code(code)
        .setHeader("Content-Type", contentType)
        .setHeader("Content-Encoding", "gzip")
        .body(new Buffer().write(body))
        .build();
  }

  @Test
  void gzipEncodedListing_isDecoded_andGzipWasAskedFor() throws Exception {
    String[] items = new String[200];
    for (int i = 0; i < items.length; i++) {
      items[i] = Fixtures.file("/runs/r1/sample-" + i + ".fastq.gz");
    }
    String json = Fixtures.page(null, items);
    byte[] compressed = gzip(json);
    assertThat(compressed.length).as("the fixture really shrinks").isLessThan(json.length() / 5);
    enqueue(gzipped(200, V3, json));

    List<ProjectData> listed = data().listFolder("/runs/r1/").stream().toList();

    assertThat(take().getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
    assertThat(listed).hasSize(200);
    assertThat(listed.get(199).path()).isEqualTo("/runs/r1/sample-199.fastq.gz");
  }

  @Test
  void gzipBodyOfSeveralMembers_isDecodedWhole_thoughItsTrailerGivesOnlyTheLastMembersSize() throws Exception {
    String json = Fixtures.page(null, Fixtures.file("/runs/r1/a.fastq.gz"), Fixtures.file("/runs/r1/b.fastq.gz"));
    int half = json.length() / 2;
    Buffer body = new Buffer().write(gzip(json.substring(0, half))).write(gzip(json.substring(half)));
    enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", V3).setHeader("Content-Encoding", "gzip")
        .body(body).build());

    List<ProjectData> listed = data().listFolder("/runs/r1/").stream().toList();

    assertThat(listed).extracting(ProjectData::path).containsExactly("/runs/r1/a.fastq.gz", "/runs/r1/b.fastq.gz");
    take();
  }

  @Test
  void gzipBodyWhoseTrailerClaimsMoreThanItHolds_failsAsAnIoError() throws Exception {
    byte[] lying = gzip(Fixtures.projectData(Fixtures.FILE_ID, "/a/x.txt", "FILE", "AVAILABLE"));
    lying[lying.length - 4] = (byte) 0xff; // ISIZE (little-endian) now larger than what the body inflates to
    lying[lying.length - 3] = (byte) 0xff;
    assertFailsAsAnIoError(lying, "GZIPInputStream checks ISIZE at the end of the member");
  }

  @Test
  void gzipBodyWithAWrongCrc_failsAsAnIoError_thoughItsJsonParses() throws Exception {
    byte[] body = gzip(Fixtures.projectData(Fixtures.FILE_ID, "/a/x.txt", "FILE", "AVAILABLE"));
    body[body.length - 8] ^= 0x01; // CRC32 of the content (RFC 1952), checked only at the end of the stream
    assertFailsAsAnIoError(body, "the body is read to its end after the JSON");
  }

  /** A 200 with this damaged gzip body fails the call (no retries) as an I/O error naming the ZipException. */
  private void assertFailsAsAnIoError(byte[] damaged, String why) throws Exception {
    enqueue(gzipBody(200, V3, damaged));
    IcaClient ica = builder().apiKey(API_KEY).retryPolicy(RetryPolicy.none()).build();

    assertThatThrownBy(() -> ica.projectData(Fixtures.PROJECT_ID).get(new DataId(Fixtures.FILE_ID)))
        .as(why).isInstanceOf(IcaIoException.class)
        .hasMessageContaining("ZipException");
    take();
  }

  @Test
  void gzipBodyDamagedInItsJson_isRetriedAsADamagedBody_notReportedAsAServerWithoutJson() throws Exception {
    String json = Fixtures.projectData(Fixtures.FILE_ID, "/a/x.txt", "FILE", "AVAILABLE");
    byte[] damaged = gzipStored(json);
    int start = new String(damaged, StandardCharsets.ISO_8859_1).indexOf(json);
    assertThat(json).startsWith("{");
    damaged[start] = '<'; // inflates fine, fails as JSON, and the CRC no longer matches
    enqueue(gzipBody(200, V3, damaged));
    enqueue(gzipped(200, V3, json));

    ProjectData got = data().get(new DataId(Fixtures.FILE_ID));

    assertThat(got.path()).isEqualTo("/a/x.txt");
    assertThat(sleeps).as("one retry after the damaged body").hasSize(1);
    take();
    take();
  }

  @Test
  void gzipBodyThatIsNotJson_isAClearError() throws Exception {
    enqueue(gzipped(200, V3, "<html>login page</html>"));

    assertThatThrownBy(() -> data().get(new DataId(Fixtures.FILE_ID)))
        .isExactlyInstanceOf(IcaException.class)
        .hasMessageContaining("not the expected JSON").hasMessageContaining("base URL");
    assertThat(sleeps).as("a whole body that is not JSON is not retried").isEmpty();
    take();
  }

  @Test
  void gzipBodyOfNothing_isAClearError() throws Exception {
    enqueue(gzipped(200, V3, ""));

    assertThatThrownBy(() -> data().get(new DataId(Fixtures.FILE_ID)))
        .isExactlyInstanceOf(IcaException.class)
        .hasMessageContaining("empty response");
    take();
  }

  @Test
  void identityBody_isUntouched() throws Exception {
    enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", V3)
        .setHeader("Content-Encoding", "identity")
        .body(Fixtures.projectData(Fixtures.FILE_ID, "/a/x.txt", "FILE", "AVAILABLE"))
        .build());
    enqueue(200, Fixtures.projectData(Fixtures.FILE_ID, "/a/y.txt", "FILE", "AVAILABLE"));

    ProjectData first = data().get(new DataId(Fixtures.FILE_ID));
    ProjectData second = data().get(new DataId(Fixtures.FILE_ID));

    assertThat(take().getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
    take();
    assertThat(first.path()).isEqualTo("/a/x.txt");
    assertThat(second.path()).isEqualTo("/a/y.txt");
  }

  @Test
  void gzipEncodedProblem_isDecodedIntoTheException() throws Exception {
    enqueue(gzipped(404, "application/problem+json",
        Fixtures.problem(404, "ICA_DATA_404", "No data found for id")));

    assertThatThrownBy(() -> data().get(new DataId(Fixtures.FILE_ID)))
        .isInstanceOfSatisfying(IcaNotFoundException.class, e -> {
          assertThat(e.icaCode()).contains("ICA_DATA_404");
          assertThat(e.detail()).contains("No data found for id");
        });
    take();
  }

  @Test
  void corruptGzipBody_failsAsAnIoError_withAClearMessage() throws Exception {
    enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", V3)
        .setHeader("Content-Encoding", "gzip")
        .body("{\"not\":\"gzip\"}")
        .build());
    IcaClient ica = builder().apiKey(API_KEY).retryPolicy(RetryPolicy.none()).build();

    assertThatThrownBy(() -> ica.projectData(Fixtures.PROJECT_ID).get(new DataId(Fixtures.FILE_ID)))
        .isInstanceOf(IcaIoException.class)
        .hasMessageContaining("GET /api/projects/" + PROJECT_ID)
        .hasMessageContaining("ZipException");
    take();
  }
}
