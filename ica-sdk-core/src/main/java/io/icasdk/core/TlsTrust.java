package io.icasdk.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A server's TLS certificate that this Java does not accept (a network that re-signs TLS, a self-signed server): ICA's
 * REST calls and the transfers' requests fail at once on it, as every retry would meet the same certificate, and say
 * what to do. Stateless.
 *
 * <p>{@code if (TlsTrust.isCertificateFailure(e)) { ... TlsTrust.ADVICE ... }}
 */
public final class TlsTrust {
  /** What to do, for a message: a sentence without its full stop, so that a caller may add what else to check. */
  public static final String ADVICE = "On a network that inspects TLS (a corporate proxy or firewall that re-signs"
      + " connections), add that network's CA certificate to Java's trust store (keytool -importcert -cacerts"
      + " -alias corp -file corp-ca.pem), or start Java with -Djavax.net.ssl.trustStore=<a trust store holding"
      + " it>";

  private TlsTrust() {}

  /** Whether a failure, or one of its causes, is Java refusing the server's certificate chain. */
  public static boolean isCertificateFailure(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // a loop of causes ends
    for (Throwable x = failure; x != null && seen.add(x); x = x.getCause()) {
      if (x instanceof java.security.cert.CertificateException
          || x instanceof java.security.cert.CertPathBuilderException
          || x instanceof java.security.cert.CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }
}
