package io.icasdk.core.model;

import java.net.URI;

/**
 * A pre-signed download URL for one file. {@code toString()} hides the URL's query string.
 *
 * <p>{@code for (DownloadUrl u : data.createDownloadUrls(ids)) { fetch(u.url()); }}
 *
 * @param dataId the file id
 * @param dataUrn the file URN
 * @param dataPath the file path
 * @param url pre-signed URL for a plain {@code GET}; treat as a secret
 */
public record DownloadUrl(DataId dataId, String dataUrn, String dataPath, URI url) {
  @Override
  public String toString() {
    return "DownloadUrl[dataId=" + dataId + ", dataUrn=" + dataUrn + ", dataPath=" + dataPath
        + ", url=" + Redact.url(url) + "]";
  }
}
