package io.icasdk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The include and exclude globs of every request add up over calls, as a sync's always did. */
class RequestGlobsTest {
    @Test
    void upload_includeAndExclude_addToEarlierCalls() {
        UploadRequest r = UploadRequest.builder().source(Path.of("run")).remoteFolder("/runs/r1/")
                .include("*.bam").include("*.bai", "*.cram")
                .exclude("*.tmp").exclude("Logs/**")
                .build();
        assertThat(r.include()).containsExactly("*.bam", "*.bai", "*.cram");
        assertThat(r.exclude()).containsExactly("*.tmp", "Logs/**");
    }

    @Test
    void download_includeAndExclude_addToEarlierCalls() {
        DownloadRequest r = DownloadRequest.builder().remotePath("/runs/r1/").target(Path.of("r1"))
                .include("*.bam").include("*.bai")
                .exclude("*.tmp").exclude("Logs/**")
                .build();
        assertThat(r.include()).containsExactly("*.bam", "*.bai");
        assertThat(r.exclude()).containsExactly("*.tmp", "Logs/**");
    }

    @Test
    void sync_includeAndExclude_addToEarlierCalls() {
        SyncRequest r = SyncRequest.builder().direction(SyncDirection.UPLOAD).localRoot(Path.of("run"))
                .remoteFolder("/runs/r1/")
                .include("*.bam").include("*.bai")
                .exclude("*.tmp").exclude("Logs/**")
                .build();
        assertThat(r.include()).containsExactly("*.bam", "*.bai");
        assertThat(r.exclude()).containsExactly("*.tmp", "Logs/**");
    }
}
