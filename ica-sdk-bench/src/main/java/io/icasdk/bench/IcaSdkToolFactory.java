package io.icasdk.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creates the ica-sdk API tool (TransferManager in a warm JVM).
 *
 * <p>{@code InJvmTool tool = IcaSdkToolFactory.create(ica, s3Endpoint, Map.of());}
 */
final class IcaSdkToolFactory {
  private IcaSdkToolFactory() {}

  /** {@code --journal-dir D} keeps the bench's journals apart from the user's (default: ica-sdk's own). */
  static InJvmTool create(IcaAccess ica, URI s3Endpoint, Map<String, String> opts) {
    String journal = opts.get("journal-dir");
    return new IcaSdkTool(ica.client(), s3Endpoint, journal == null ? null : Path.of(journal));
  }
}
