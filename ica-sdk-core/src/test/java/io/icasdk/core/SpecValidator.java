package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** Validates recorded requests against ICA's published OpenAPI spec (loaded once per JVM). */
final class SpecValidator {
  private static OpenApiInteractionValidator validator;

  private SpecValidator() {}

  static boolean available() {
    String p = System.getProperty("ica.openapi.spec");
    return p != null && Files.isRegularFile(Path.of(p));
  }

  static synchronized OpenApiInteractionValidator get() {
    if (validator == null) {
      validator = OpenApiInteractionValidator
          .createForSpecificationUrl(Path.of(System.getProperty("ica.openapi.spec")).toUri().toString())
          .build();
    }
    return validator;
  }

  /** The spec's server URL is /ica/rest, so the full recorded path is what it expects. */
  static void assertConforms(RecordedRequest r) {
    HttpUrl url = r.getUrl();
    SimpleRequest.Builder b = new SimpleRequest.Builder(r.getMethod(), url.encodedPath());
    for (String name : url.queryParameterNames()) {
      b.withQueryParam(name, url.queryParameterValues(name));
    }
    r.getHeaders().names().forEach(n -> b.withHeader(n, r.getHeaders().values(n)));
    if (r.getBody() != null && r.getBody().size() > 0) {
      b.withBody(r.getBody().utf8());
    }
    ValidationReport report = get().validateRequest(b.build());
    assertThat(report.getMessages())
        .as("request %s %s must conform to ICA's OpenAPI spec", r.getMethod(), url)
        .isEmpty();
  }
}
