package io.icasdk.bench;

import java.net.URI;
import java.util.Map;

/**
 * Creates the ica-sdk API tool (TransferManager in a warm JVM).
 *
 * <p>{@code InJvmTool tool = IcaSdkToolFactory.create(ica, s3Endpoint, Map.of());}
 */
final class IcaSdkToolFactory {
  private IcaSdkToolFactory() {}

  /**
   * @throws UnsupportedOperationException until ica-sdk-transfer's TransferManager has landed
   */
  static InJvmTool create(IcaAccess ica, URI s3Endpoint, Map<String, String> opts) {
    throw new UnsupportedOperationException("ica-sdk-transfer's TransferManager has not landed yet");
  }
}
