package io.icasdk.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 JWTs with ICA-like claims (aud "ica", exp, tid, tns). */
final class Jwt {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private Jwt() {}

    static String issue(String secret, String tenantId, Instant now, Duration ttl) {
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "HS256").put("typ", "JWT");
        ObjectNode claims = Json.MAPPER.createObjectNode()
                .put("sub", "emulator-user")
                .put("aud", "ica")
                .put("iss", "ica-emulator")
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(ttl).getEpochSecond())
                .put("tid", Base64.getEncoder().encodeToString(
                        ("tenant:emulator:" + tenantId).getBytes(StandardCharsets.UTF_8)))
                .put("tns", "emulator")
                .put("jti", Ids.uuid());
        String unsigned = ENC.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + ENC.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return unsigned + "." + ENC.encodeToString(sign(secret, unsigned));
    }

    /** True when the token is ours, untampered and not expired. */
    static boolean valid(String secret, String token, Instant now) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            byte[] expected = sign(secret, parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, DEC.decode(parts[2]))) {
                return false;
            }
            JsonNode claims = Json.MAPPER.readTree(DEC.decode(parts[1]));
            return claims.path("exp").asLong(0) > now.getEpochSecond();
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] sign(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
