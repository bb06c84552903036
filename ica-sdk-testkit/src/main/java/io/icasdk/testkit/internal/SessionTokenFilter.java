package io.icasdk.testkit.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks the session token of requests signed with an issued temporary access key, which S3Proxy
 * itself ignores. The token comes in the {@code x-amz-security-token} header (signed requests) or the
 * {@code X-Amz-Security-Token} query parameter (presigned URLs). Answers as AWS S3 does: a wrong token
 * gets 400 {@code InvalidToken}; no token gets 403 {@code InvalidAccessKeyId} (a temporary key means
 * nothing without its token). Keys it does not know (the emulator's own, unknown ones) pass through
 * to S3Proxy unchanged.
 *
 * <p>Drains the request body before any error answer, its own or S3Proxy's: when the server answers
 * an upload without reading it, the AWS SDK's Netty client often reports "connection was closed during
 * the request" instead of the error (s3-test-server.md).
 */
final class SessionTokenFilter implements Filter {
    private static final String TOKEN_HEADER = "x-amz-security-token";
    private static final String TOKEN_PARAM = "X-Amz-Security-Token";

    private final Function<String, Optional<String>> sessionTokenOfKey;

    /** @param sessionTokenOfKey the session token an issued access key must carry, empty for other keys */
    SessionTokenFilter(Function<String, Optional<String>> sessionTokenOfKey) {
        this.sessionTokenOfKey = sessionTokenOfKey;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        String query = http.getQueryString();
        Optional<String> expected = accessKey(http.getHeader("Authorization"), query).flatMap(sessionTokenOfKey);
        if (expected.isPresent()) {
            String sent = http.getHeader(TOKEN_HEADER);
            if (sent == null) {
                sent = queryParam(query, TOKEN_PARAM);
            }
            if (sent == null) {
                refuse(http, httpResponse, 403, "InvalidAccessKeyId",
                        "The AWS Access Key Id you provided does not exist in our records. (It is a temporary "
                                + "access key: send its session token as x-amz-security-token.)");
                return;
            }
            if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    expected.get().getBytes(StandardCharsets.UTF_8))) {
                refuse(http, httpResponse, 400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
                return;
            }
        }
        chain.doFilter(request, response);
        if (httpResponse.getStatus() >= 400) {
            drain(http);
        }
    }

    /** The access key of a SigV4 or SigV2 request, signed in the header or presigned in the query. */
    static Optional<String> accessKey(String authorization, String query) {
        if (authorization != null) {
            int credential = authorization.indexOf("Credential=");
            if (authorization.startsWith("AWS4-") && credential >= 0) {
                int start = credential + "Credential=".length();
                int slash = authorization.indexOf('/', start);
                return slash > start ? Optional.of(authorization.substring(start, slash)) : Optional.empty();
            }
            if (authorization.startsWith("AWS ")) {
                int colon = authorization.indexOf(':');
                return colon > 4 ? Optional.of(authorization.substring(4, colon).trim()) : Optional.empty();
            }
            return Optional.empty();
        }
        String credential = queryParam(query, "X-Amz-Credential");
        if (credential != null) {
            int slash = credential.indexOf('/');
            return slash > 0 ? Optional.of(credential.substring(0, slash)) : Optional.empty();
        }
        return Optional.ofNullable(queryParam(query, "AWSAccessKeyId"));
    }

    /** Reads the raw query ourselves: getParameter would consume a form-encoded body S3Proxy still needs. */
    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equalsIgnoreCase(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String message) throws IOException {
        drain(request);
        String requestId = Ids.hex(8).toUpperCase(java.util.Locale.ROOT);
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message><RequestId>" + requestId + "</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("x-amz-request-id", requestId);
        response.setContentType("application/xml");
        if ("HEAD".equals(request.getMethod())) {
            response.setContentLength(0);
            return;
        }
        // An explicit length: Jetty must not answer close-delimited (see ContentLengthFilter).
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void drain(HttpServletRequest request) {
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException | IllegalStateException e) {
            // the body was already consumed or the connection is gone: nothing left to drain
        }
    }
}
