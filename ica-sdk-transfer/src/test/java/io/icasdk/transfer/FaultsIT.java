package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.CreateFolderRequest;
import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.DataWithCredentials;
import io.icasdk.core.model.ProjectId;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.S3Op;
import io.icasdk.transfer.internal.Checksums;
import io.icasdk.transfer.internal.s3.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Throttling, unavailability and dropped connections slow a transfer down but never break or corrupt it. */
class FaultsIT extends EmulatorTestBase {
    @BeforeAll
    static void fewerRequestsInFlight() {
        tm.close();
        tm = manager().maxRequestsInFlight(4).build();
    }

    @AfterEach
    void reset() {
        emulator.emulator().faults().reset();
    }

    private Path tree(String name) throws Exception {
        Path src = dir.resolve(name);
        Trees.file(src.resolve("big.bin"), 16L * MIB + 11, 1);
        for (int i = 0; i < 10; i++) {
            Trees.file(src.resolve("small/s" + i + ".txt"), 1000L * i, 100 + i);
        }
        return src;
    }

    @Test
    void icaThrottlingAndUnavailability_areRetried_andTheRoundTripIsIntact() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = tree("src");
        ica.faults().throttle(3, null).serviceUnavailable(3);
        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/faults-ica/")).join();
        assertThat(up.failures()).isEmpty();
        ica.faults().throttle(3, null).serviceUnavailable(3);
        Path back = dir.resolve("back");
        TransferResult down = tm.download(d -> d.remotePath("/faults-ica/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(ica.faults().throttledCount()).isEqualTo(6);
        assertThat(ica.faults().serviceUnavailableCount()).isEqualTo(6);
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }

    @Test
    void s3ConnectionResets_duringUploadAndDownload_areRetried_andNothingIsCorrupted() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = tree("src2");
        ica.faults().s3ResetConnections(4, S3Op.PUT);
        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/faults-s3/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(ica.faults().resetCount()).isEqualTo(4);

        ica.faults().s3ResetConnections(4, S3Op.GET);
        Path back = dir.resolve("back");
        TransferResult down = tm.download(d -> d.remotePath("/faults-s3/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(ica.faults().resetCount()).isEqualTo(8);
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }

    /**
     * A connection that stops moving bytes without being closed (dropped by a firewall or NAT on the way) is
     * closed after the stall timeout and its request retried: the transfer finishes instead of waiting
     * forever. Ranged (multipart-sized) and single-request downloads, through the CRT's own client.
     */
    @Test
    void aStalledConnection_isClosedAfterTheStallTimeout_andTheDownloadFinishes() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = tree("src-stall");
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/faults-stall/")).join().failures()).isEmpty();
        try (TransferManager quick = manager().maxRequestsInFlight(4).stallTimeout(Duration.ofSeconds(2)).build()) {
            ica.faults().s3StallDownloads(2, Duration.ofSeconds(60));
            long start = System.nanoTime();
            Path back = dir.resolve("back-stall");
            TransferResult down = quick.download(d -> d.remotePath("/faults-stall/").target(back)).join();
            assertThat(down.failures()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 60 s of the stall")
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
        }
        assertThatThrownBy(() -> manager().stallTimeout(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
    }

    /**
     * A flipped bit in a downloaded body is caught, the copy discarded and the file fetched again within the job:
     * it succeeds intact. Bits flipped on every try fail the file with a clear reason and keep nothing; the next
     * run downloads it intact. Checked through S3's CRCs (objects uploaded with per-part checksums: a
     * multipart file and a single-request one) and, for objects that have none, through the ETag's MD5s.
     */
    @ParameterizedTest
    @EnumSource(value = ChecksumMode.class, names = {"CRC32C", "NONE"})
    void corruptedDownloads_areFetchedAgain_andPersistentCorruptionFailsTheFile_keepingNothing(
            ChecksumMode uploadChecksums) throws Exception {
        String remote = "/faults-corrupt-" + uploadChecksums + "/";
        Path src = dir.resolve("corrupt-src-" + uploadChecksums);
        Trees.file(src.resolve("big.bin"), 12L * MIB + 5, 3);
        Trees.file(src.resolve("small.bin"), 70_000, 4);
        try (TransferManager uploader = manager().checksumMode(uploadChecksums).build()) {
            assertThat(uploader.upload(u -> u.source(src).remoteFolder(remote)).join().failures()).isEmpty();
        }
        for (String name : new String[] {"big.bin", "small.bin"}) { // ranged GETs, one GET
            corruptedDownload_isFetchedAgain_andFailsOnlyWhenEveryTryIsCorrupted(remote + name, src.resolve(name),
                    dir.resolve("corrupt-" + uploadChecksums + "-" + name), name.equals("small.bin"));
        }
    }

    /**
     * Objects with S3's CRCs as other tools write them are checked through their ranges: a whole-object CRC
     * (as S3 itself and current AWS tools write them) through ranges of any size, a flipped bit failing the
     * file even where the ranges miss the upload's parts (so that the ETag could not have caught it); a
     * composite CRC (as SDKs wrote them before) through ranges aligned with aws-cli's 8 MiB parts. The
     * damaged copy is fetched again in full.
     */
    @ParameterizedTest
    @CsvSource({"CRC64_NVME, FULL_OBJECT, 7", "CRC32, FULL_OBJECT, 7", "CRC32_C, COMPOSITE, 8"})
    void corruptedDownload_ofAnObjectWithS3Crcs_isCaughtThroughItsRanges_andFetchedAgain(
            ChecksumAlgorithm algorithm, ChecksumType type, int partMib) throws Exception {
        String remote = "/faults-crc-" + algorithm + "-" + type + "/";
        Path src = dir.resolve("crc-object.bin");
        Trees.file(src, 12L * MIB + 5, 6); // 2 parts; the downloads take ranges of 5 MiB, or 8 MiB for composite
        Digest digest = switch (algorithm) {
            case CRC32 -> Digest.CRC32;
            case CRC32_C -> Digest.CRC32C;
            default -> Digest.CRC64NVME;
        };
        uploadInParts(remote, "crc-object.bin", src, partMib * MIB, algorithm, type, digest);
        corruptedDownload_isFetchedAgain_andFailsOnlyWhenEveryTryIsCorrupted(remote + "crc-object.bin", src,
                dir.resolve("crc-object-" + algorithm + "-" + type + ".bin"), false);
    }

    /**
     * An object that has only its multipart ETag (no CRC), uploaded in parts of a size the downloader would not
     * guess (12 MiB parts of 20 MiB: its guess for 2 parts would be 16 MiB): the emulator tells the first part's size
     * as S3 does (HEAD with partNumber), so the ETag is checked, a damaged copy caught and fetched again.
     */
    @Test
    void corruptedDownload_ofAnObjectWithOnlyAMultipartEtag_ofAnUncommonPartSize_isCaught_andFetchedAgain()
            throws Exception {
        String remote = "/faults-etag-12mib/";
        Path src = dir.resolve("etag-object.bin");
        Trees.file(src, 20L * MIB + 5, 7);
        uploadInParts(remote, "etag-object.bin", src, 12 * MIB, null, null, null);
        corruptedDownload_isFetchedAgain_andFailsOnlyWhenEveryTryIsCorrupted(remote + "etag-object.bin", src,
                dir.resolve("etag-object-copy.bin"), false);
    }

    /**
     * Uploads a file as another tool would: in parts of the given size, with a CRC of each part when an algorithm is
     * given, else none (the object then has only its multipart ETag).
     */
    private void uploadInParts(String remote, String name, Path src, long partSize, ChecksumAlgorithm algorithm,
                               ChecksumType type, Digest digest) throws Exception {
        byte[] data = Files.readAllBytes(src);
        DataWithCredentials folder = client.projectData(ProjectId.of(ica().projectId()))
                .createFolderWithTemporaryCredentials(CreateFolderRequest.forPath(remote), CredentialsRequest.aws());
        AwsCredentials aws = folder.credentials().aws();
        String key = aws.objectPrefix() + name;
        try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(ica().s3Endpoint())
                .region(Region.of(aws.region())).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        aws.accessKey(), aws.secretKey().reveal(), aws.sessionToken().reveal())))
                .build()) {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(aws.bucket()).key(key)
                    .checksumAlgorithm(algorithm).checksumType(type)).join().uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            for (int n = 1, off = 0; off < data.length; n++, off += (int) partSize) {
                byte[] part = Arrays.copyOfRange(data, off, (int) Math.min(data.length, off + partSize));
                String crc = digest == null ? null : Checksums.of(digest, part, 0, part.length);
                int number = n;
                String etag = s3.uploadPart(b -> b.bucket(aws.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).checksumCRC32(digest == Digest.CRC32 ? crc : null)
                        .checksumCRC32C(digest == Digest.CRC32C ? crc : null)
                        .checksumCRC64NVME(digest == Digest.CRC64NVME ? crc : null),
                        AsyncRequestBody.fromBytes(part)).join().eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag)
                        .checksumCRC32(digest == Digest.CRC32 ? crc : null)
                        .checksumCRC32C(digest == Digest.CRC32C ? crc : null)
                        .checksumCRC64NVME(digest == Digest.CRC64NVME ? crc : null).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(aws.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).join();
        }
    }

    /**
     * One corrupted GET: the file succeeds on its refetch, intact, its result counting both copies' bytes while
     * the progress counts the file once. Every GET corrupted: the file fails after one refetch (twice the GETs of
     * one copy corrupted) with the checksum message, no temporary or target file left, and a rerun is intact.
     */
    private void corruptedDownload_isFetchedAgain_andFailsOnlyWhenEveryTryIsCorrupted(
            String remotePath, Path original, Path target, boolean oneGet) throws Exception {
        IcaEmulator ica = emulator.emulator();
        long size = Files.size(original);
        int before = ica.faults().corruptedCount();
        ica.faults().s3CorruptDownloads(1);
        TransferHandle once = tm.download(d -> d.remotePath(remotePath).target(target));
        TransferResult fixed = once.join();
        assertThat(ica.faults().corruptedCount() - before).as("the fault fired").isEqualTo(1);
        assertThat(fixed.files()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).as(String.valueOf(f.reason())).isEqualTo(FileOutcome.SUCCESS);
            assertThat(f.bytesTransferred()).as("the damaged copy's bytes were moved too").isGreaterThan(size)
                    .isLessThanOrEqualTo(2 * size);
            assertThat(f.resumed()).isFalse();
        });
        assertThat(fixed.bytesTransferred()).isEqualTo(fixed.files().get(0).bytesTransferred());
        assertThat(once.progress().bytesTransferred()).as("the progress counts the file once").isEqualTo(size);
        assertThat(once.progress().bytesTotal()).isEqualTo(size);
        assertThat(Files.mismatch(target, original)).isEqualTo(-1L);
        assertNoTemporaryFileBeside(target);

        Files.delete(target);
        before = ica.faults().corruptedCount();
        ica.faults().s3CorruptDownloads(1_000);
        TransferResult bad;
        try {
            bad = tm.download(d -> d.remotePath(remotePath).target(target)).join();
        } finally {
            ica.faults().reset();
        }
        assertThat(bad.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("do not match its checksum in S3; the copy was discarded. Download it again"));
        int corrupted = ica.faults().corruptedCount() - before;
        assertThat(corrupted).as("every GET of the copy and of its one refetch").isPositive().isEven();
        if (oneGet) {
            assertThat(corrupted).isEqualTo(2);
        }
        assertThat(target).doesNotExist();
        assertNoTemporaryFileBeside(target);

        TransferResult rerun = tm.download(d -> d.remotePath(remotePath).target(target)).join();
        assertThat(rerun.failures()).isEmpty();
        assertThat(rerun.files()).singleElement().satisfies(f -> assertThat(f.resumed())
                .as("nothing of the damaged copies was kept to resume from").isFalse());
        assertThat(Files.mismatch(target, original)).isEqualTo(-1L);
    }

    private static void assertNoTemporaryFileBeside(Path target) throws Exception {
        try (var siblings = Files.list(target.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".icapart"));
        }
    }
}
