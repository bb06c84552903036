package io.icasdk.testkit.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.IOException;

/**
 * Gives S3Proxy's answers to bodiless requests sent with {@code Expect: 100-continue} a Content-Length.
 * Otherwise Jetty 12 answers them with {@code Connection: close} and a close-delimited body,
 * which the AWS CRT reads as empty ("Upload Id not found in create-multipart-upload response", the
 * CRT's automatic multipart upload). Installed through {@link S3ProxyFilters}.
 */
final class ExpectContinueFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && "100-continue".equalsIgnoreCase(http.getHeader("Expect"))
                && (http.getContentLengthLong() == 0
                    || (http.getContentLengthLong() < 0 && http.getHeader("Transfer-Encoding") == null))) {
            // Jetty will close this connection: give the answer a Content-Length so it is not close-delimited.
            BufferedResponse buffered = new BufferedResponse(httpResponse);
            chain.doFilter(request, buffered);
            byte[] body = buffered.bytes();
            if (!httpResponse.isCommitted()) {
                httpResponse.setContentLength(body.length);
            }
            httpResponse.getOutputStream().write(body);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Holds the (small, XML) answer in memory until the handler is done. */
    private static final class BufferedResponse extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private PrintWriter writer;
        private final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }
        };

        BufferedResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void setContentLength(int len) {
            // set from the buffered bytes
        }

        @Override
        public void setContentLengthLong(long len) {
            // set from the buffered bytes
        }

        byte[] bytes() {
            flushBuffer();
            return buffer.toByteArray();
        }
    }
}
