package io.icasdk.testkit.internal;

import jakarta.servlet.DispatcherType;
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
import java.lang.reflect.Field;
import java.util.EnumSet;
import org.gaul.s3proxy.S3Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives S3Proxy's answers to bodiless requests sent with {@code Expect: 100-continue} a Content-Length.
 * Otherwise Jetty 12 answers them with {@code Connection: close} and a close-delimited body,
 * which the AWS CRT reads as empty ("Upload Id not found in create-multipart-upload response", the
 * CRT's automatic multipart upload). Installed into S3Proxy's servlet context by reflection (4.1.0).
 */
final class ExpectContinueFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ExpectContinueFilter.class);

    static void install(S3Proxy proxy) {
        try {
            Field f = S3Proxy.class.getDeclaredField("server");
            f.setAccessible(true);
            Object server = f.get(proxy);
            Object handler = server;
            for (int depth = 0; depth < 5; depth++) {
                handler = handler.getClass().getMethod("getHandler").invoke(handler);
                try {
                    handler.getClass().getMethod("addFilter", Filter.class, String.class, EnumSet.class)
                            .invoke(handler, new ExpectContinueFilter(), "/*", EnumSet.of(DispatcherType.REQUEST));
                    return;
                } catch (NoSuchMethodException e) {
                    // a wrapper (GracefulHandler): look inside
                }
            }
            throw new NoSuchMethodException("no servlet context below " + server.getClass().getName());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("IcaEmulator: cannot install the Expect: 100-continue fix into S3Proxy ({}); the CRT client's "
                    + "automatic multipart uploads will fail", e.toString());
        }
    }

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
