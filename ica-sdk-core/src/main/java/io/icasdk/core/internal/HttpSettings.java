package io.icasdk.core.internal;

import io.icasdk.core.HttpProxy;
import io.icasdk.core.RetryPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Everything the HTTP pipeline needs.
 *
 * @param baseUrl base URL without trailing slash, e.g. https://ica.illumina.com/ica/rest
 * @param retryPolicy retry policy
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout per-request timeout (until response headers)
 * @param clock time source for retry budgets and token expiry
 * @param sleeper waits between retries
 * @param jitter uniform random numbers in [0, 1) for backoff jitter
 * @param credentialSource where the credentials came from, as a phrase for messages (never the value)
 * @param proxy the HTTP proxy (or none)
 */
public record HttpSettings(
    URI baseUrl, RetryPolicy retryPolicy, Duration connectTimeout, Duration requestTimeout,
    Clock clock, Sleeper sleeper, DoubleSupplier jitter, String credentialSource, HttpProxy proxy) {}
