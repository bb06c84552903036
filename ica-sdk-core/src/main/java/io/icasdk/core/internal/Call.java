package io.icasdk.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One logical API call (its retries reuse it, including its Idempotency-Key).
 *
 * @param method HTTP method
 * @param path path below the base URL, already encoded, starting with "/api/"
 * @param query query parameters in order; repeated names allowed; raw (encoded when sent)
 * @param body request body object (serialised as JSON) or null
 * @param idempotencyKey Idempotency-Key header value or null
 * @param retrySafe true when repeating the call cannot do harm (reads, minting URLs/credentials,
 *     creates with an Idempotency-Key)
 * @param auth credentials for this call, or null for the client's
 * @param accept Accept header: v3 JSON, or problem+json for calls whose only response is an error
 *     (ICA's spec declares no success body for them)
 */
public record Call(
    String method, String path, List<Map.Entry<String, String>> query, Object body,
    String idempotencyKey, boolean retrySafe, Auth auth, String accept) {

  /** A GET (always retry-safe). */
  public static Call get(String path) {
    return new Call("GET", path, List.of(), null, null, true, null, IcaHttp.V3);
  }

  /** A POST that is not retried on 503 or I/O errors. */
  public static Call post(String path, Object body) {
    return new Call("POST", path, List.of(), body, null, false, null, IcaHttp.V3);
  }

  /** A POST with a fresh Idempotency-Key, hence retry-safe. */
  public static Call create(String path, Object body) {
    return new Call("POST", path, List.of(), body, UUID.randomUUID().toString(), true, null, IcaHttp.V3);
  }

  /** The same call marked retry-safe (it changes nothing on the server). */
  public Call safe() {
    return new Call(method, path, query, body, idempotencyKey, true, auth, accept);
  }

  /** The same call with these query parameters appended. */
  public Call withQuery(List<Map.Entry<String, String>> more) {
    List<Map.Entry<String, String>> all = new ArrayList<>(query);
    all.addAll(more);
    return new Call(method, path, List.copyOf(all), body, idempotencyKey, retrySafe, auth, accept);
  }

  /** The same call with other credentials. */
  public Call withAuth(Auth other) {
    return new Call(method, path, query, body, idempotencyKey, retrySafe, other, accept);
  }

  /** The same call with another Accept header. */
  public Call withAccept(String otherAccept) {
    return new Call(method, path, query, body, idempotencyKey, retrySafe, auth, otherAccept);
  }

  /** "METHOD /path" for messages (no query, no secrets). */
  public String describe() {
    return method + " " + path;
  }
}
