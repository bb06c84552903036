package io.icasdk.core.internal;

import io.icasdk.core.Secret;
import java.net.http.HttpRequest;

/** Adds credentials to a request. Implementations are thread-safe. */
public interface Auth {
  /** Sets the auth header on the request. */
  void apply(HttpRequest.Builder request);

  /** Forgets cached credentials after a 401; returns true when a retry with fresh ones makes sense. */
  default boolean invalidate() {
    return false;
  }

  /** Short description for debug logs (never the secret). */
  String describe();

  /** API key sent on every call as {@code X-API-Key}. */
  static Auth apiKey(Secret key) {
    return new Auth() {
      @Override
      public void apply(HttpRequest.Builder request) {
        request.header("X-API-Key", key.reveal());
      }

      @Override
      public String describe() {
        return "X-API-Key";
      }
    };
  }

  /** A bearer token (JWT) sent as {@code Authorization: Bearer}. */
  static Auth bearer(Secret token) {
    return new Auth() {
      @Override
      public void apply(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + token.reveal());
      }

      @Override
      public String describe() {
        return "Bearer token";
      }
    };
  }
}
