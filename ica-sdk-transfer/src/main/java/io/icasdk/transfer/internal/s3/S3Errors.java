package io.icasdk.transfer.internal.s3;

import io.icasdk.core.IcaException;
import io.icasdk.core.IcaIoException;
import io.icasdk.core.IcaServiceException;
import io.icasdk.core.IcaThrottledException;
import io.icasdk.transfer.internal.Causes;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Sorts S3 failures into what the engine does about them. Stateless. */
public final class S3Errors {
    private S3Errors() {}

    /** What to do about a failure. */
    public enum Kind {
        /** The credentials were refused (expired, unknown, or denied): refresh and call again. */
        CREDENTIALS,
        /** Transient (network, throttling, 5xx): back off and call again. */
        RETRYABLE,
        /** 404 / NoSuchKey / NoSuchUpload. */
        NOT_FOUND,
        /** 412: the object changed (If-Match failed). */
        PRECONDITION_FAILED,
        /** A local file could not be read or written. */
        LOCAL_IO,
        /** The work was cancelled. */
        CANCELLED,
        /** Anything else: give up on this file. */
        FATAL
    }

    private static final Set<String> CREDENTIAL_CODES = Set.of("ExpiredToken", "TokenRefreshRequired",
            "InvalidToken", "InvalidAccessKeyId", "AccessDenied", "ExpiredTokenException");
    private static final Set<String> RETRYABLE_CODES = Set.of("SlowDown", "RequestTimeout", "InternalError",
            "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestTimeoutException",
            "BadDigest", "IncompleteBody", "XAmzContentSHA256Mismatch");

    /** Strips {@link CompletionException} / {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    /**
     * Classifies a failure.
     *
     * @param head whether the request was a HEAD (whose error responses carry no body, so an expired
     *             token arrives as a bare 400 or 403)
     */
    public static Kind classify(Throwable failure, boolean head) {
        Throwable t = unwrap(failure);
        if (t instanceof CancellationException || t instanceof InterruptedException) {
            return Kind.CANCELLED;
        }
        if (t instanceof LocalIoException) {
            return Kind.LOCAL_IO;
        }
        IcaException ica = find(t, IcaException.class);
        if (ica != null) {
            // Fetching credentials failed.
            return ica instanceof IcaThrottledException || ica instanceof IcaServiceException
                    || ica instanceof IcaIoException ? Kind.RETRYABLE : Kind.FATAL;
        }
        LocalIoException local = find(t, LocalIoException.class);
        if (local != null) {
            return Kind.LOCAL_IO;
        }
        if (t instanceof SdkServiceException se) {
            int status = se.statusCode();
            String code = code(t);
            if (code != null && CREDENTIAL_CODES.contains(code)) {
                return Kind.CREDENTIALS;
            }
            if (head && code == null && (status == 400 || status == 403)) {
                return Kind.CREDENTIALS;
            }
            if (status == 404 || "NoSuchKey".equals(code) || "NoSuchUpload".equals(code)) {
                return Kind.NOT_FOUND;
            }
            if (status == 412 || "PreconditionFailed".equals(code)) {
                return Kind.PRECONDITION_FAILED;
            }
            if (status == 429 || status >= 500 || (code != null && RETRYABLE_CODES.contains(code))) {
                return Kind.RETRYABLE;
            }
            return Kind.FATAL;
        }
        if (t instanceof SdkClientException || t instanceof java.io.IOException) {
            return Kind.RETRYABLE;
        }
        if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("without the credentials")) {
            return Kind.FATAL;
        }
        return Kind.FATAL;
    }

    /**
     * Whether the request got no answer from S3 (the connection or the name lookup failed), as opposed to
     * an S3 error, a local file error or a failure to get credentials from ICA.
     */
    public static boolean isNoAnswer(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof SdkClientException && find(t, IcaException.class) == null
                && find(t, LocalIoException.class) == null;
    }

    /**
     * Whether a request failed in its TLS handshake (the CRT's {@code AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE}, or a
     * certificate error of Java's among its causes): most often a server certificate this machine does not trust.
     */
    public static boolean isTlsHandshakeFailure(Throwable failure) {
        return Causes.of(failure).stream()
                .anyMatch(x -> String.valueOf(x.getMessage()).contains(TLS_NEGOTIATION_FAILURE))
                || io.icasdk.core.TlsTrust.isCertificateFailure(failure);
    }

    /** The CRT's error for a failed TLS handshake (an untrusted certificate among other causes). */
    static final String TLS_NEGOTIATION_FAILURE = "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE";

    /** The CRT's error for a proxy that refused the tunnel (a 407 to its CONNECT, say). */
    static final String PROXY_CONNECT_FAILED = "AWS_ERROR_HTTP_PROXY_CONNECT_FAILED";

    /**
     * Whether a request was refused before it reached S3 in a way a retry most likely meets again: a TLS handshake
     * failure ({@link #isTlsHandshakeFailure}) or a proxy that did not open the tunnel (mostly wrong credentials,
     * which each retry would send again, or a host it does not allow; also a proxy in trouble, which the CRT does
     * not tell apart: the caller stops only while S3 has never answered, and for a minute).
     */
    public static boolean isRefusedOnTheWay(Throwable failure) {
        return isTlsHandshakeFailure(failure)
                || String.valueOf(unwrap(failure).getMessage()).contains(PROXY_CONNECT_FAILED + " (");
    }

    /** The S3 error code, or null. */
    public static String code(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            String code = ase.awsErrorDetails().errorCode();
            return code == null || code.isBlank() ? null : code;
        }
        return null;
    }

    /** The HTTP status, or 0. */
    public static int status(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof SdkServiceException se ? se.statusCode() : 0;
    }

    /** A one-line description without secrets: status, S3 code and message, or the client error. */
    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof AwsServiceException ase) {
            String code = code(t);
            String msg = ase.awsErrorDetails() != null ? ase.awsErrorDetails().errorMessage() : null;
            return "S3 answered " + ase.statusCode() + (code != null ? " " + code : "")
                    + (msg != null && !msg.isBlank() ? " (" + msg + ")" : "")
                    + (ase.requestId() != null ? ", request id " + ase.requestId() : "");
        }
        if (t instanceof SdkServiceException se) {
            return "S3 answered " + se.statusCode();
        }
        if (t instanceof LocalIoException) {
            return t.getMessage();
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg != null ? ": " + firstLine(msg) : "");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable x : Causes.of(t)) {
            if (type.isInstance(x)) {
                return type.cast(x);
            }
        }
        return null;
    }
}
