package io.icasdk.testkit.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/** Random identifiers and secrets in ICA's and AWS's formats. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {}

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String fileId() { return "fil." + hex(16); }
    public static String folderId() { return "fol." + hex(16); }
    public static String uuid() { return UUID.randomUUID().toString(); }

    public static String accessKey() { return "ASIA" + random(UPPER, 16); }
    public static String secretKey() { return random(ALNUM, 40); }

    public static String sessionToken() {
        byte[] b = new byte[96];
        RANDOM.nextBytes(b);
        return "IQoJb3JpZ2luX2VtdQ" + Base64.getEncoder().encodeToString(b);
    }

    public static String apiKey() { return "emu_" + random(ALNUM, 32); }

    private static String random(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
