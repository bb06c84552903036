package io.icasdk.transfer.internal.sync;

import io.icasdk.core.CreateFileRequest;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataId;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real, simple transport for exercising {@link SyncJob} end to end before (and independently of) the
 * S3 engine: presigned-URL PUTs and GETs through ICA. Single request per file, no resume.
 */
final class PresignedUrlSyncTransport implements SyncTransport {
    private final ProjectDataClient data;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ExecutorService pool = Executors.newFixedThreadPool(8);
    final AtomicInteger uploads = new AtomicInteger();
    final AtomicInteger downloads = new AtomicInteger();
    volatile boolean finished;
    volatile boolean finishedOk;

    PresignedUrlSyncTransport(ProjectDataClient data) {
        this.data = data;
    }

    private record Running(CompletableFuture<FileResult> result) implements Transfer {
        @Override
        public long bytesTransferred() {
            return 0;
        }

        @Override
        public void cancel() {
            result.cancel(false);
        }
    }

    @Override
    public Transfer upload(Path localFile, long sizeInBytes, String remotePath) {
        return new Running(CompletableFuture.supplyAsync(() -> {
            try {
                data.findByPath(remotePath).ifPresent(existing -> data.delete(existing.id()));
                URI url = data.createFileWithUploadUrl(CreateFileRequest.forPath(remotePath)).uploadUrl();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofFile(localFile)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) {
                    return failed(remotePath, localFile, "PUT answered " + r.statusCode(), sizeInBytes);
                }
                uploads.incrementAndGet();
                return new FileResult(remotePath, localFile, FileOutcome.SUCCESS, null, sizeInBytes, sizeInBytes, false, false);
            } catch (Exception e) {
                return failed(remotePath, localFile, e.toString(), sizeInBytes);
            }
        }, pool));
    }

    @Override
    public Transfer download(String dataId, long sizeInBytes, String remotePath, Path target) {
        return new Running(CompletableFuture.supplyAsync(() -> {
            try {
                URI url = data.createDownloadUrl(new DataId(dataId));
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling(target.getFileName() + ".part");
                HttpResponse<Path> r = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofFile(tmp));
                if (r.statusCode() / 100 != 2) {
                    Files.deleteIfExists(tmp);
                    return failed(remotePath, target, "GET answered " + r.statusCode(), sizeInBytes);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                downloads.incrementAndGet();
                return new FileResult(remotePath, target, FileOutcome.SUCCESS, null, sizeInBytes, sizeInBytes, false, false);
            } catch (Exception e) {
                return failed(remotePath, target, e.toString(), sizeInBytes);
            }
        }, pool));
    }

    private static FileResult failed(String remotePath, Path local, String reason, long size) {
        return new FileResult(remotePath, local, FileOutcome.FAILED, reason, size, 0, false, false);
    }

    @Override
    public void finish(boolean success) {
        finished = true;
        finishedOk = success;
        pool.shutdown();
    }
}
