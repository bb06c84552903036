package io.icasdk.testkit.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Counts the S3 requests the server is handling ({@link FaultState#s3RequestsInFlight}), from their arrival until
 * their answer is written or their connection is gone. Installed through {@link S3ProxyFilters}, outermost.
 */
final class InFlightFilter implements Filter {
    private final FaultState faults;

    InFlightFilter(FaultState faults) {
        this.faults = faults;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        faults.s3RequestStarted();
        try {
            chain.doFilter(request, response);
        } finally {
            faults.s3RequestEnded();
        }
    }
}
