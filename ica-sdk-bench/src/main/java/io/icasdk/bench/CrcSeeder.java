package io.icasdk.bench;

import io.icasdk.core.model.AwsCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.crt.checksums.CRC64NVME;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Seeds the W2c object: a file uploaded in parts with a whole-object CRC64NVME, which is what S3 keeps for
 * an object uploaded without a checksum (its default since December 2024) and what a download can check
 * cheaply. The emulator's S3 server adds no default checksum, so the parts' CRCs are sent here, as headers
 * (it ignores the SDK's trailing checksums).
 *
 * <p>{@code CrcSeeder.upload(ica, s3Endpoint, "/bench/data/", Path.of("big.bin"), "big-crc.bin", 8 << 20);}
 */
final class CrcSeeder {
  private CrcSeeder() {}

  /** Uploads {@code file} as {@code folder + name} in parts of {@code partBytes}; returns the object's CRC. */
  static String upload(IcaAccess ica, URI s3Endpoint, String folder, Path file, String name, int partBytes)
      throws IOException {
    AwsCredentials aws = ica.folderCredentials(folder);
    String prefix = aws.objectPrefix().endsWith("/") ? aws.objectPrefix() : aws.objectPrefix() + "/";
    String bucket = aws.bucket();
    String key = prefix + name;
    try (S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.of(aws.region()))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
            aws.accessKey(), aws.secretKey().reveal(), aws.sessionToken().reveal())))
        .build();
         FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
          .checksumAlgorithm(ChecksumAlgorithm.CRC64_NVME).checksumType(ChecksumType.FULL_OBJECT)).uploadId();
      List<CompletedPart> parts = new ArrayList<>();
      ByteBuffer buf = ByteBuffer.allocate(partBytes);
      long size = in.size();
      for (int n = 1; (long) (n - 1) * partBytes < size || n == 1; n++) {
        buf.clear();
        while (buf.hasRemaining() && in.read(buf) > 0) {
          // fill the part
        }
        byte[] part = new byte[buf.position()];
        buf.flip().get(part);
        String crc = crc64(part);
        int number = n;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
            .checksumCRC64NVME(crc), RequestBody.fromBytes(part)).eTag();
        parts.add(CompletedPart.builder().partNumber(n).eTag(etag).checksumCRC64NVME(crc).build());
      }
      return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts))).checksumCRC64NVME();
    }
  }

  private static String crc64(byte[] bytes) {
    CRC64NVME crc = new CRC64NVME();
    crc.update(bytes, 0, bytes.length);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
  }
}
