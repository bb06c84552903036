package io.icasdk.testkit.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The fault switches of multipart-upload aborts ({@code DELETE ?uploadId=}): refuses those of the keys
 * {@link FaultState#abortDenied} names with 403 AccessDenied before S3Proxy sees them (the upload stays), and counts
 * (and gathers) the others in flight ({@link FaultState#abortStarted}). Installed through {@link S3ProxyFilters}.
 */
final class AbortFilter implements Filter {
    private static final byte[] ACCESS_DENIED = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied"
            + "</Code><Message>Access Denied</Message></Error>").getBytes(StandardCharsets.UTF_8);

    private final FaultState faults;

    AbortFilter(FaultState faults) {
        this.faults = faults;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || !"DELETE".equals(http.getMethod()) || http.getParameter("uploadId") == null) {
            chain.doFilter(request, response);
            return;
        }
        if (faults.abortDenied(http.getRequestURI())) {
            httpResponse.setStatus(HttpServletResponse.SC_FORBIDDEN);
            httpResponse.setContentType("application/xml");
            httpResponse.setContentLength(ACCESS_DENIED.length);
            httpResponse.getOutputStream().write(ACCESS_DENIED);
            return;
        }
        faults.abortStarted();
        try {
            chain.doFilter(request, response);
        } finally {
            faults.abortEnded();
        }
    }
}
