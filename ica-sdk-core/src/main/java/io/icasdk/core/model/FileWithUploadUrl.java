package io.icasdk.core.model;

import java.net.URI;

/**
 * A newly created file together with a pre-signed URL to {@code PUT} its bytes to. {@code toString()}
 * hides the URL's query string (it carries the signature).
 *
 * <p>{@code FileWithUploadUrl f = data.createFileWithUploadUrl(req, null, null); URI put = f.uploadUrl();}
 *
 * @param data the created file (status PARTIAL)
 * @param uploadUrl pre-signed upload URL; treat as a secret
 */
public record FileWithUploadUrl(ProjectData data, URI uploadUrl) {
  @Override
  public String toString() {
    return "FileWithUploadUrl[data=" + data + ", uploadUrl=" + Redact.url(uploadUrl) + "]";
  }
}
