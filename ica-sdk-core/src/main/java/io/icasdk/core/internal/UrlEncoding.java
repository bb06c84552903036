package io.icasdk.core.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of path segments and query components (RFC 3986). */
public final class UrlEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UrlEncoding() {}

  /** Encodes one path segment: everything but unreserved characters is escaped (so "/" too). */
  public static String pathSegment(String s) {
    return encode(s, "");
  }

  /** Encodes a query name or value; {@code /} and {@code :} stay readable, {@code & = + #} are escaped. */
  public static String queryComponent(String s) {
    return encode(s, "/:@");
  }

  private static String encode(String s, String alsoAllowed) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || alsoAllowed.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
