package io.icasdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plain java.net.http calls to the emulator's REST API; every exchange is checked against ICA's OpenAPI
 * spec (request and response, or only the response for deliberately wrong requests) when the spec exists.
 */
final class Rest {
    static final String V3 = "application/vnd.illumina.v3+json";
    static final ObjectMapper JSON = new ObjectMapper();
    private static OpenApiInteractionValidator validator;
    private static boolean validatorLoaded;

    private final IcaEmulator ica;
    private final HttpClient http = HttpClient.newHttpClient();

    Rest(IcaEmulator ica) {
        this.ica = ica;
    }

    record Resp(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    /** The spec validator, or null when the spec file is absent. */
    static synchronized OpenApiInteractionValidator validator() {
        if (!validatorLoaded) {
            validatorLoaded = true;
            String spec = System.getProperty("ica.openapi.spec");
            if (spec != null && Files.isRegularFile(Path.of(spec))) {
                validator = OpenApiInteractionValidator.createForSpecificationUrl(Path.of(spec).toUri().toString())
                        .withBasePathOverride("/ica/rest")
                        .build();
            }
        }
        return validator;
    }

    static boolean specAvailable() {
        return validator() != null;
    }

    Resp get(String pathAndQuery) {
        return call("GET", pathAndQuery, null, Map.of(), true);
    }

    static final String LIFECYCLE_ACCEPT = "application/vnd.illumina.v3+json, application/problem+json";

    Resp post(String path, String body) {
        return call("POST", path, body, Map.of(), true);
    }

    Resp post(String path, String body, Map<String, String> headers) {
        return call("POST", path, body, headers, true);
    }

    /**
     * :delete / :archive / :unarchive: 204 calls whose only declared response type is problem+json; the
     * Accept names the API version too, as ICA wants on every call.
     */
    Resp lifecycle(String path) {
        return call("POST", path, null, Map.of("Accept", LIFECYCLE_ACCEPT), true);
    }

    /** A request that breaks the API's rules on purpose: only the response is checked against the spec. */
    Resp raw(String method, String pathAndQuery, String body, Map<String, String> headers) {
        return call(method, pathAndQuery, body, headers, false);
    }

    Resp call(String method, String pathAndQuery, String body, Map<String, String> extra, boolean validateRequest) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-API-Key", ica.apiKey());
        headers.put("Accept", V3);
        if (body != null) {
            headers.put("Content-Type", V3);
        }
        extra.forEach((k, v) -> {
            if (v == null) {
                headers.remove(k);
            } else {
                headers.put(k, v);
            }
        });
        URI uri = URI.create(ica.baseUrl() + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Resp resp = new Resp(r.statusCode(), r.body(), r.headers());
        validate(method, uri, body, headers, resp, validateRequest);
        return resp;
    }

    private static void validate(String method, URI uri, String body, Map<String, String> headers, Resp resp,
            boolean validateRequest) {
        OpenApiInteractionValidator v = validator();
        if (v == null) {
            return;
        }
        SimpleResponse.Builder rb = SimpleResponse.Builder.status(resp.status());
        resp.headers().map().forEach((k, vals) -> rb.withHeader(k, vals));
        if (!resp.body().isEmpty()) {
            rb.withBody(resp.body());
        }
        SimpleResponse response = rb.build();
        String path = uri.getRawPath();
        ValidationReport report;
        if (validateRequest) {
            SimpleRequest.Builder qb = new SimpleRequest.Builder(method, path);
            headers.forEach(qb::withHeader);
            if (body != null) {
                qb.withBody(body);
            }
            query(uri).forEach(qb::withQueryParam);
            report = v.validate(qb.build(), response);
        } else {
            report = v.validateResponse(path, Request.Method.valueOf(method), response);
        }
        assertThat(report.getMessages())
                .as("OpenAPI violations of %s %s -> %d %s", method, uri, resp.status(), resp.body())
                .filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .isEmpty();
    }

    private static Map<String, List<String>> query(URI uri) {
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        return java.util.Arrays.stream(raw.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.groupingBy(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        LinkedHashMap::new,
                        Collectors.mapping(p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "",
                                Collectors.toList())));
    }

    static String q(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
