package io.icasdk.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON tree mapper of the REST side and of JWTs (no modules: trees need none). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
