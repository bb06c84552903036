package io.icasdk.transfer;

import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A transfer run in its own JVM, so that a test can kill it with SIGKILL (CrashResumeIT) or bound its heap
 * (MemoryBoundIT). Arguments: mode (upload | download | upload-stream: the local file read as a stream, to
 * the remote file path | sync-down: a download sync of the remote folder into the local folder | download-halt-in-place:
 * a download whose JVM halts, as if killed, once its first file is in place), ICA base URL,
 * API key, project id, S3 endpoint, journal folder, local path, remote path, max files in flight, max requests
 * in flight. Parts of 5 MiB. Exits 0 when the transfer succeeded.
 */
public final class TransferChild {
    private TransferChild() {}

    /** The command that runs one transfer in a child JVM with this test's classpath and the given heap. */
    public static List<String> command(String maxHeap, IcaEmulator ica, String mode, Path journals, Path local,
                                String remote, int files, int requests) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), TransferChild.class.getName(), mode, ica.baseUrl().toString(),
                ica.apiKey(), ica.projectId(), ica.s3Endpoint().toString(), journals.toString(), local.toString(),
                remote, Integer.toString(files), Integer.toString(requests));
    }

    public static void main(String[] args) throws java.io.IOException {
        String mode = args[0];
        if (mode.equals("download-halt-in-place")) {
            io.icasdk.transfer.internal.CrashPoints.haltOnceADownloadIsInPlace();
        }
        IcaClient client = IcaClient.builder().baseUrl(args[1]).apiKey(args[2]).defaultProjectId(args[3])
                .allowInsecureHttp(true).userHome(Path.of(args[5])).environment(Map.of()).build();
        try (TransferManager tm = TransferManager.builder().icaClient(client).s3EndpointOverride(URI.create(args[4]))
                .journalDirectory(Path.of(args[5])).partSizeInBytes(5L * 1024 * 1024)
                .maxFilesInFlight(Integer.parseInt(args[8])).maxRequestsInFlight(Integer.parseInt(args[9])).build()) {
            if (mode.equals("sync-down")) {
                SyncResult r = tm.sync(s -> s.direction(SyncDirection.DOWNLOAD).localRoot(Path.of(args[6]))
                        .remoteFolder(args[7])).join();
                System.out.println("child finished: " + r);
                System.exit(r.isSuccess() ? 0 : 1);
            }
            TransferResult r;
            if (mode.equals("upload-stream")) {
                String remote = args[7];
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of(args[6]))) {
                    r = tm.upload(u -> u.sourceStream(in).remoteFolder(remote.substring(0, remote.lastIndexOf('/') + 1))
                            .remoteName(remote.substring(remote.lastIndexOf('/') + 1))).join();
                }
            } else {
                r = mode.equals("upload")
                        ? tm.upload(u -> u.source(Path.of(args[6])).remoteFolder(args[7])).join()
                        : tm.download(d -> d.remotePath(args[7]).target(Path.of(args[6]))).join();
            }
            System.out.println("child finished: " + r.succeeded() + " succeeded, " + r.failed() + " failed");
            System.exit(r.isSuccess() ? 0 : 1);
        }
    }
}
