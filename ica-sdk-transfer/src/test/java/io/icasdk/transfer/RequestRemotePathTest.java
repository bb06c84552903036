package io.icasdk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every request takes remote paths inside the project as absolute paths, and refuses relative ones alike. */
class RequestRemotePathTest {
    /** An upload took "runs/r1" as /runs/r1/ while a download or sync of the same words was refused. */
    @ParameterizedTest
    @ValueSource(strings = {"runs/r1", "runs/r1/", "", "ica:/runs/r1/"})
    void upload_refusesARelativeRemoteFolder_asDownloadAndSyncDo(String relative) {
        assertThatThrownBy(() -> UploadRequest.builder().source(Path.of("run")).remoteFolder(relative).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("remoteFolder '" + relative + "' must be absolute, e.g. /runs/r1/");
        assertThatThrownBy(() -> DownloadRequest.builder().remotePath(relative).target(Path.of("r1")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> SyncRequest.builder().direction(SyncDirection.UPLOAD).localRoot(Path.of("run"))
                .remoteFolder(relative).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an absolute project folder path");
    }

    @Test
    void upload_takesAnAbsoluteRemoteFolder_withOrWithoutItsTrailingSlash_andDefaultsToTheRoot() {
        assertThat(UploadRequest.builder().source(Path.of("run")).remoteFolder("/runs/r1").build().remoteFolder())
                .isEqualTo("/runs/r1/");
        assertThat(UploadRequest.builder().source(Path.of("run")).remoteFolder("/runs/r1/").build().remoteFolder())
                .isEqualTo("/runs/r1/");
        assertThat(UploadRequest.builder().source(Path.of("run")).build().remoteFolder()).isEqualTo("/");
        assertThat(UploadRequest.builder().source(Path.of("run")).remoteFolder("/").build().remoteFolder())
                .isEqualTo("/");
    }

    @Test
    void upload_stillRefusesEmptyDotAndDotDotSegments() {
        assertThatThrownBy(() -> UploadRequest.builder().source(Path.of("run")).remoteFolder("/runs/../x/").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..' segments");
    }
}
