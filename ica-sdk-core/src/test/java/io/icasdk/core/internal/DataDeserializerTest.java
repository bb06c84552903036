package io.icasdk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DataDeserializer} reads what databind reads into the same records, and fails where it fails. */
class DataDeserializerTest {
  /** The wire records as databind reads them without our deserializer. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record RefFormat(String code) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RefDetails(String name, String path, String dataType, String status, Long fileSizeInBytes,
                    String objectETag, RefFormat format, String owningProjectId, String timeCreated,
                    String timeModified) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RefData(String id, String urn, RefDetails details) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RefProjectData(String projectId, RefData data) {}

  private static final ObjectMapper REFERENCE = Json.MAPPER.copy();

  private static Wire.ProjectData ours(String json) throws JsonProcessingException {
    return Json.MAPPER.readValue(json, Wire.ProjectData.class);
  }

  private static Wire.ProjectData reference(String json) throws JsonProcessingException {
    RefProjectData r = REFERENCE.readValue(json, RefProjectData.class);
    return r == null ? null : new Wire.ProjectData(r.projectId(), data(r.data()));
  }

  private static Wire.Data data(RefData d) {
    if (d == null) {
      return null;
    }
    RefDetails t = d.details();
    return new Wire.Data(d.id(), d.urn(), t == null ? null : new Wire.DataDetails(t.name(), t.path(), t.dataType(),
        t.status(), t.fileSizeInBytes(), t.objectETag(), t.format() == null ? null : new Wire.Format(t.format().code()),
        t.owningProjectId(), t.timeCreated(), t.timeModified()));
  }

  /** An item as ICA sends it, unknown fields (objects, arrays, nulls) around the known ones. */
  private static final String ICA_ITEM = """
      {"data":{"id":"fil.2e8ab62a647b16cd010da05a4f793a02",
       "urn":"urn:ilmn:ica:region:c39b:data:fil.2e8a#/runs/r1/a b+%#é.fastq.gz",
       "details":{"timeCreated":"2026-12-07T04:42:31.053Z","timeModified":"2026-12-07T04:42:32Z",
        "creatorId":"0c1d","tenantId":"5b7f","tenantName":"t","owningProjectId":"60c3","owningProjectName":"demo",
        "name":"a b+%#é.fastq.gz","path":"/runs/r1/a b+%#é.fastq.gz","fileSizeInBytes":4096,"status":"AVAILABLE",
        "tags":{"technicalTags":[],"userTags":["x",{"y":[1,2]}],"connectorTags":[]},"format":{"id":"f1",
        "code":"FASTQ","description":"x","nested":{"a":[{}]}},"dataType":"FILE",
        "objectETag":"55d00b0d5c0fffac3491595d842808c0","storedForTheFirstTimeAt":"2026-12-07T04:42:31.053Z",
        "region":{"id":"c39b","country":{"code":"US","name":"United States"},"cityName":"Virginia"},
        "willBeArchivedAt":null,"willBeDeletedAt":null}},
       "projectId":"60c3","extra":[[],{}]}""";

  @ParameterizedTest
  @ValueSource(strings = {
      ICA_ITEM,
      "{\"projectId\":\"p\",\"data\":{\"id\":\"fol.1\",\"details\":{\"dataType\":\"FOLDER\",\"path\":\"/a/\","
          + "\"fileSizeInBytes\":null,\"format\":null,\"objectETag\":null}}}",
      "{\"data\":{\"id\":\"fil.1\"}}",
      "{\"projectId\":\"p\\u002d1\",\"data\":{\"details\":{\"status\":\"AVAIL\\u0041BLE\",\"dataType\":\"\"}}}",
      "{\"data\":{\"id\":\"fil.1\",\"details\":null},\"projectId\":null}",
      "{\"data\":null,\"projectId\":\"p\"}",
      "{}",
      "{\"data\":{\"id\":\"fil.1\",\"details\":{\"name\":123,\"status\":true,\"fileSizeInBytes\":\"42\","
          + "\"timeCreated\":1.5,\"format\":{}}}}",
      "{\"data\":{\"details\":{\"fileSizeInBytes\":42.0,\"name\":\"quote\\\" backslash\\\\ tab\\t \\u00e9 \\ud83e\\uddec\"}}}",
      "{\"data\":{\"details\":{\"fileSizeInBytes\":\"\",\"path\":\"\"}}}",
      "{\"data\":{\"details\":{\"fileSizeInBytes\":9007199254740993,\"dataType\":\"SOMETHING_NEW\"}}}",
  })
  void readsWhatDatabindReads(String json) throws Exception {
    assertThat(ours(json)).isEqualTo(reference(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"data\":{\"id\":{\"x\":1}}}",
      "{\"data\":{\"details\":[]}}",
      "{\"data\":[]}",
      "{\"data\":{\"details\":{\"fileSizeInBytes\":\"many\"}}}",
      "{\"data\":{\"details\":{\"fileSizeInBytes\":true}}}",
      "{\"data\":{\"details\":{\"format\":\"FASTQ\"}}}",
      "{\"data\":{\"urn\":[\"a\"]}}",
  })
  void failsWhereDatabindFails_withAJsonError(String json) {
    assertThatThrownBy(() -> reference(json)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> ours(json)).isInstanceOf(JsonProcessingException.class);
  }

  private static List<Wire.ProjectData> page(int items, int statuses) throws JsonProcessingException {
    String json = IntStream.range(0, items).mapToObj(i -> "{\"projectId\":\"proj-1\",\"data\":{\"id\":\"fil." + i
        + "\",\"details\":{\"status\":\"S" + (i % statuses) + "\",\"dataType\":\"FILE\",\"owningProjectId\":"
        + "\"proj-1\",\"name\":\"n" + i + "\"}}}").collect(Collectors.joining(",", "{\"items\":[", "]}"));
    JavaType type = Json.MAPPER.getTypeFactory().constructParametricType(Wire.PagedList.class, Wire.ProjectData.class);
    return Json.MAPPER.<Wire.PagedList<Wire.ProjectData>>readValue(json, type).items();
  }

  @Test
  void aPage_keepsOneCopyOfWhatItsItemsShare() throws Exception {
    List<Wire.ProjectData> all = page(50, 3);
    Wire.ProjectData first = all.get(0);
    for (Wire.ProjectData pd : all) {
      assertThat(pd.projectId()).isEqualTo("proj-1").isSameAs(first.projectId());
      assertThat(pd.data().details().owningProjectId()).isSameAs(first.projectId());
      assertThat(pd.data().details().dataType()).isEqualTo("FILE").isSameAs(first.data().details().dataType());
    }
    assertThat(all.get(3).data().details().status()).isEqualTo("S0").isSameAs(first.data().details().status());
  }

  @Test
  void aPage_withMoreDistinctValuesThanItRemembers_readsEveryValueRight() throws Exception {
    List<Wire.ProjectData> all = page(60, 12);
    assertThat(all).hasSize(60);
    for (int i = 0; i < 60; i++) {
      Wire.ProjectData pd = all.get(i);
      assertThat(pd.projectId()).isEqualTo("proj-1");
      assertThat(pd.data().id()).isEqualTo("fil." + i);
      assertThat(pd.data().details().status()).isEqualTo("S" + (i % 12));
      assertThat(pd.data().details().dataType()).isEqualTo("FILE");
      assertThat(pd.data().details().owningProjectId()).isEqualTo("proj-1");
      assertThat(pd.data().details().name()).isEqualTo("n" + i);
    }
  }
}
