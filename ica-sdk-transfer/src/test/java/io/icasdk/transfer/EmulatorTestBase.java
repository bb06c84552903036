package io.icasdk.transfer;

import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.IcaClient;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Base of the end-to-end tests that share, per class, one emulator, one ICA client and one transfer
 * manager with the test settings of {@link EmulatorSetup}; each test gets its own folder {@link #dir}.
 */
abstract class EmulatorTestBase {
    @RegisterExtension
    static IcaEmulatorExtension emulator = new IcaEmulatorExtension();

    @TempDir
    static Path shared;
    static IcaClient client;
    static TransferManager tm;

    @TempDir
    Path dir;

    @BeforeAll
    static void startClients() {
        client = EmulatorSetup.client(ica(), shared);
        tm = manager().build();
    }

    @AfterAll
    static void closeManager() {
        tm.close();
    }

    /** The emulator of this class. */
    static IcaEmulator ica() {
        return emulator.emulator();
    }

    /** A transfer manager builder with the test settings, for a test that needs other settings. */
    static TransferManager.Builder manager() {
        return EmulatorSetup.manager(ica(), client, shared.resolve("journals"));
    }

    /**
     * Aborts the multipart uploads under a project folder, through S3 with the folder's credentials.
     *
     * @return how many there were
     */
    static int abortUploadsIn(String folder) {
        return withFolderS3(folder, (s3, aws) -> {
            List<MultipartUpload> uploads = uploadsIn(s3, aws);
            for (MultipartUpload u : uploads) {
                s3.abortMultipartUpload(b -> b.bucket(aws.bucket()).key(u.key()).uploadId(u.uploadId())).join();
            }
            return uploads.size();
        });
    }

    /** How many multipart uploads are open under a project folder, or of a project file. */
    static int openUploadsIn(String folder) {
        return withFolderS3(folder, (s3, aws) -> uploadsIn(s3, aws).size());
    }

    private static List<MultipartUpload> uploadsIn(S3AsyncClient s3, AwsCredentials aws) {
        return s3.listMultipartUploads(b -> b.bucket(aws.bucket()).prefix(aws.objectPrefix())).join().uploads();
    }

    private static <T> T withFolderS3(String folder, java.util.function.BiFunction<S3AsyncClient, AwsCredentials, T> use) {
        IcaEmulator ica = ica();
        ProjectDataClient data = client.projectData(ica.projectId());
        AwsCredentials aws = data.createTemporaryCredentials(
                data.findByPath(folder).orElseThrow().id(), CredentialsRequest.aws()).aws();
        try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(ica.s3Endpoint()).forcePathStyle(true)
                .region(Region.of(aws.region())).credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(aws.accessKey(), aws.secretKey().reveal(),
                                aws.sessionToken().reveal()))).build()) {
            return use.apply(s3, aws);
        }
    }
}
