package io.icasdk.transfer.internal;

import io.icasdk.core.HttpProxy;
import io.icasdk.core.TlsTrust;
import io.icasdk.transfer.TransferException;
import java.net.URI;

/**
 * A presigned URL's server whose TLS certificate this Java does not trust (a network that re-signs TLS, a
 * self-signed endpoint): every retry would meet the same certificate, so the request fails at once, saying what
 * to do. Stateless.
 */
final class UntrustedCertificate {
    private UntrustedCertificate() {}

    /** What to do, as ICA's REST calls say it: presigned URLs go through the same Java TLS and trust store. */
    static final String ADVICE = TlsTrust.ADVICE + "; otherwise check the S3 endpoint";

    /** Whether a request failed because the server's certificate chain is not trusted (or not valid for it). */
    static boolean causes(Throwable t) {
        return TlsTrust.isCertificateFailure(t);
    }

    /**
     * The failure of a request to a presigned URL (never in the message: only its host) that met such a certificate.
     *
     * @param what  what failed ({@code "The presigned upload"})
     * @param proxy the proxy the request went through, named when it did
     */
    static TransferException failure(String what, URI url, HttpProxy proxy, Throwable cause) {
        String via = proxy.route(url).map(r -> " through the HTTP proxy " + r.describe()).orElse("");
        return new TransferException(what + " failed at once: the TLS certificate of " + url.getHost() + via
                + " is not trusted by this Java (" + describe(cause) + "), and a retry would meet it again. "
                + ADVICE + ".", cause);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
