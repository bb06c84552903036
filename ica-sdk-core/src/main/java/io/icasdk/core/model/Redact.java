package io.icasdk.core.model;

import java.net.URI;

/** Hides the query string (signature) of pre-signed URLs. */
final class Redact {
  private Redact() {}

  static String url(URI uri) {
    if (uri == null) {
      return "null";
    }
    String s = uri.toString();
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q) + "?<redacted>";
  }
}
