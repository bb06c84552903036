package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.internal.PathSafety;
import java.nio.file.FileSystems;
import java.text.Normalizer;

/** Small helpers for relative path keys. */
final class Names {
    private Names() {
    }

    /**
     * Below this code point every character is its own NFC form and never combines with the one before it
     * (U+0300 is the first combining mark), so a name made only of them is NFC as it is.
     */
    static final char FIRST_NOT_NFC_STABLE = '\u0300';

    /** The matching key of a path: Unicode NFC, so a macOS (NFD) name and the same name in ICA meet. */
    static String key(String raw) {
        if (isNfcStable(raw)) { // most names: no Normalizer, which allocates for every name it checks
            return raw;
        }
        return Normalizer.isNormalized(raw, Normalizer.Form.NFC) ? raw : Normalizer.normalize(raw, Normalizer.Form.NFC);
    }

    private static boolean isNfcStable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= FIRST_NOT_NFC_STABLE) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a remote relative path (a folder's with its trailing {@code /}) is safe to create below the
     * local root, as {@link PathSafety#unsafeReason} decides for the local file system.
     */
    static boolean isSafeRelativePath(String rel) {
        return unsafeReason(rel) == null;
    }

    /** Why a remote relative path cannot be created below the local root (see {@link #isSafeRelativePath}), or null. */
    static String unsafeReason(String rel) {
        String body = rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
        return PathSafety.unsafeReason(body, FileSystems.getDefault().getSeparator());
    }

    static String bytes(long n) {
        return n + " B";
    }
}
