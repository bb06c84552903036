package io.icasdk.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The shared, tolerant JSON mapper (thread-safe once configured). It leaves streams it reads open:
 * {@link IcaHttp} reads a gzip body to its end after the JSON, where the gzip trailer is checked.
 */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();

  private Json() {}
}
