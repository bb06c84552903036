package io.icasdk.core.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes secrets from text headed for logs and exception messages. */
public final class Redactor {
  private static final Set<String> SECRET_HEADERS =
      Set.of("x-api-key", "authorization", "proxy-authorization", "x-amz-security-token", "cookie", "set-cookie");
  private static final Pattern URL_QUERY = Pattern.compile("(https?://[^\\s?\"'<>]+)\\?[^\\s\"'<>]*");
  /** The user:password of a URL, e.g. {@code https://bob:pw@host/} (ICA takes none; a proxy URL might). */
  private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@\"'<>]+@");
  private static final Pattern SECRET_JSON = Pattern.compile(
      "(\"(?:secretKey|sessionToken|accessKey|secret_access_key|session_token|access_key_id|token"
          + "|url|uploadUrl|sse_customer_key|password)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

  private final List<String> secrets;

  /** @param secrets literal values to mask wherever they appear (blank ones are ignored) */
  public Redactor(List<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
  }

  /** True for headers whose values must never be shown. */
  public static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The header value, or "****" for secret headers. */
  public static String headerValue(String name, String value) {
    return isSecretHeader(name) ? "****" : value;
  }

  /** The text with the user name and password of every URL in it masked. */
  public static String withoutUserInfo(String text) {
    return text == null ? null
        : URL_USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****@"));
  }

  /**
   * Masks known secrets, user names and passwords in URLs, pre-signed URL query strings and secret JSON
   * fields.
   */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "****");
    }
    out = withoutUserInfo(out);
    out = URL_QUERY.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?<redacted>"));
    out = SECRET_JSON.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"****\""));
    return out;
  }
}
