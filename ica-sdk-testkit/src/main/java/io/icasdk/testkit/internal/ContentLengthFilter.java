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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Gives S3Proxy's small XML answers a Content-Length where Jetty 12 would send them close-delimited
 * ({@code Connection: close}, no length), which the AWS CRT reads as an empty body:
 * <ul>
 *   <li>every answer to a bodiless request sent with {@code Expect: 100-continue} (the CRT's automatic
 *       multipart upload then failed with "Upload Id not found in create-multipart-upload response");</li>
 *   <li>every error answer (status 300 and up): the CRT saw S3's error body as empty, so a failed PutObject
 *       read "S3 answered 400" without S3's code and message.</li>
 * </ul>
 * Other answers, object bodies among them, pass through unbuffered. Installed through {@link S3ProxyFilters}.
 */
final class ContentLengthFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        boolean bodilessExpectContinue = "100-continue".equalsIgnoreCase(http.getHeader("Expect"))
                && (http.getContentLengthLong() == 0
                    || (http.getContentLengthLong() < 0 && http.getHeader("Transfer-Encoding") == null));
        BufferedResponse buffered = new BufferedResponse(httpResponse, bodilessExpectContinue);
        chain.doFilter(request, buffered);
        buffered.finish();
    }

    /**
     * Holds the answer in memory until the handler is done when it is to be buffered (always, or once its
     * status says it is an error); passes it through otherwise.
     */
    private static final class BufferedResponse extends HttpServletResponseWrapper {
        private final HttpServletResponse response;
        private final boolean always;
        private ByteArrayOutputStream buffer;
        private ServletOutputStream stream;
        private PrintWriter writer;

        BufferedResponse(HttpServletResponse response, boolean always) {
            super(response);
            this.response = response;
            this.always = always;
        }

        /** Whether the body goes to the buffer: decided when the handler starts writing it. */
        private boolean buffering() {
            if (buffer == null && stream == null && writer == null && (always || getStatus() >= 300)) {
                buffer = new ByteArrayOutputStream();
            }
            return buffer != null;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = buffering() ? new BufferStream(buffer) : response.getOutputStream();
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = buffering() ? new PrintWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8))
                        : response.getWriter();
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (buffer == null) {
                response.flushBuffer();
            } else if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void setContentLength(int len) {
            if (!always && getStatus() < 300) {
                response.setContentLength(len);
            } // else set from the buffered bytes
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!always && getStatus() < 300) {
                response.setContentLengthLong(len);
            }
        }

        /** Sends what was buffered, with its length. */
        void finish() throws IOException {
            if (buffer == null && !always) {
                return;
            }
            if (writer != null) {
                writer.flush();
            }
            byte[] body = buffer == null ? new byte[0] : buffer.toByteArray();
            if (!response.isCommitted()) {
                response.setContentLength(body.length);
            }
            response.getOutputStream().write(body);
        }
    }
}
