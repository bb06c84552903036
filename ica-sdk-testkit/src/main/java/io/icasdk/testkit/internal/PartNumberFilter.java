package io.icasdk.testkit.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a HEAD of an object's first part ({@code ?partNumber=1}) as S3 does, which S3Proxy does not (501 Not
 * Implemented): 206 with the part's length, the object's ETag and {@code x-amz-mp-parts-count}. Clients ask it to
 * learn the part size of an object uploaded in parts, whose multipart ETag (or composite CRC) they can then check
 * through ranges of that size; without it they must guess the size. Known for objects the emulator saw complete
 * a multipart upload ({@link EmulatorState#partsWritten}); other requests, and objects without that record, get
 * S3Proxy's own answer.
 *
 * <p>For a request whose only parameter is {@code partNumber}, S3Proxy checks the signature and the credential
 * (a wrong key gets 403, an expired one 400 ExpiredToken) before it answers 501; to a request with another parameter
 * it does not support it answers 501 before any check, so such requests are never answered here. The filter answers
 * only within the requesting credential's key prefix, and only while the credential is valid, as the emulator's
 * blob store would. Installed through {@link S3ProxyFilters}, outermost.
 */
final class PartNumberFilter implements Filter {
    /** The access key of an AWS V4 or V2 signature in an Authorization header. */
    private static final Pattern ACCESS_KEY = Pattern.compile("(?:Credential=|^AWS )([^/:,\\s]+)");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String bucket;
    private final EmulatorState state;
    /** The key prefix an access key may read: "" for every key, empty when the key is not known or has expired. */
    private final Function<String, Optional<String>> prefixOf;

    PartNumberFilter(String bucket, EmulatorState state, Function<String, Optional<String>> prefixOf) {
        this.bucket = bucket;
        this.state = state;
        this.prefixOf = prefixOf;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || !"HEAD".equals(http.getMethod()) || !"1".equals(http.getParameter("partNumber"))
                || http.getParameterMap().size() != 1) {
            chain.doFilter(request, response);
            return;
        }
        Held held = new Held(httpResponse);
        chain.doFilter(request, held);
        Optional<EmulatorState.DataRec> part = held.status == HttpServletResponse.SC_NOT_IMPLEMENTED
                ? firstPart(http) : Optional.empty();
        if (part.isEmpty()) {
            held.release();
            return;
        }
        EmulatorState.DataRec d = part.get();
        httpResponse.reset();
        httpResponse.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
        httpResponse.setHeader("ETag", "\"" + d.objectETag + "\"");
        httpResponse.setHeader("x-amz-mp-parts-count", String.valueOf(d.partsCount));
        httpResponse.setHeader("Content-Range", "bytes 0-" + (d.firstPartSize - 1) + "/" + d.sizeInBytes);
        httpResponse.setHeader("Accept-Ranges", "bytes");
        httpResponse.setHeader("Last-Modified", HTTP_DATE.format(d.timeModified == null ? Instant.now() : d.timeModified));
        httpResponse.setContentType("application/octet-stream");
        httpResponse.setContentLengthLong(d.firstPartSize);
    }

    /** The file at the request's key, when its parts are known and the request's credential may read it. */
    private Optional<EmulatorState.DataRec> firstPart(HttpServletRequest http) {
        String path = URLDecoder.decode(http.getRequestURI().replace("+", "%2B"), StandardCharsets.UTF_8);
        String bucketPrefix = "/" + bucket + "/";
        if (!path.startsWith(bucketPrefix)) {
            return Optional.empty();
        }
        String key = path.substring(bucketPrefix.length());
        String auth = http.getHeader("Authorization");
        Matcher m = ACCESS_KEY.matcher(auth != null ? auth : "");
        Optional<String> prefix = m.find() ? prefixOf.apply(m.group(1)) : Optional.empty();
        if (prefix.isEmpty() || !key.startsWith(prefix.get())) {
            return Optional.empty();
        }
        return state.objectAt(key).filter(d -> d.partsCount != null && d.firstPartSize != null
                && d.sizeInBytes != null && d.objectETag != null);
    }

    /** Holds S3Proxy's status and body back until the filter knows whether it answers instead. */
    private static final class Held extends HttpServletResponseWrapper {
        private final HttpServletResponse response;
        private int status = SC_OK;
        private boolean error;
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        private final ServletOutputStream stream = new BufferStream(body);
        private final PrintWriter writer = new PrintWriter(body, false, StandardCharsets.UTF_8);

        Held(HttpServletResponse response) {
            super(response);
            this.response = response;
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc) {
            status = sc;
            error = true;
        }

        @Override
        public void sendError(int sc, String msg) {
            sendError(sc);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }

        @Override
        public void flushBuffer() {
            // held until release
        }

        /** Passes S3Proxy's answer on as it was. */
        void release() throws IOException {
            writer.flush();
            if (error) {
                response.sendError(status);
                return;
            }
            response.setStatus(status);
            if (body.size() > 0) {
                response.getOutputStream().write(body.toByteArray());
            }
        }
    }
}
