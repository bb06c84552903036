package io.icasdk.transfer.internal.credentials;

/** Where fresh credentials come from (ICA in production, a counter in tests). */
@FunctionalInterface
public interface CredentialSource {
    /**
     * Fetches a new set of credentials.
     *
     * @throws RuntimeException (typically an {@code IcaException}) when none can be had
     */
    IssuedCredentials fetch();
}
