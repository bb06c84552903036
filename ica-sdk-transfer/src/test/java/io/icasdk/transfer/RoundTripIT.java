package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.model.ProjectData;
import io.icasdk.testkit.IcaEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RoundTripIT extends EmulatorTestBase {
    @Test
    void folder_withEdgeSizes_roundTripsByteForByte() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("empty.bin"), 0, 1);
        Trees.file(src.resolve("one.bin"), 1, 2);
        Trees.file(src.resolve("exactly-one-part.bin"), 5L * MIB, 3);
        Trees.file(src.resolve("one-part-plus-one.bin"), 5L * MIB + 1, 4);
        Trees.file(src.resolve("sub/three-parts.bin"), 12L * MIB + 7, 5);

        TransferResult up = tm.upload(r -> r.source(src).remoteFolder("/edge/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.succeeded()).isEqualTo(5);
        assertThat(up.bytesTransferred()).isEqualTo(22L * MIB + 9);
        assertThat(client.projectData(emulator.emulator().projectId()).listRecursive("/edge/").stream()
                .filter(ProjectData::isFile).map(ProjectData::path))
                .containsExactlyInAnyOrder("/edge/empty.bin", "/edge/one.bin", "/edge/exactly-one-part.bin",
                        "/edge/one-part-plus-one.bin", "/edge/sub/three-parts.bin");

        Path back = dir.resolve("back");
        TransferResult down = tm.download(r -> r.remotePath("/edge/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(down.succeeded()).isEqualTo(5);
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
        assertThat(journals()).isEmpty();
    }

    @Test
    void file_of100MiB_roundTrips() throws Exception {
        Path src = dir.resolve("big");
        Path big = Trees.file(src.resolve("hundred.bin"), 100L * MIB + 3, 42);
        TransferResult up = tm.upload(r -> r.source(big).remoteFolder("/big/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.bytesTransferred()).isEqualTo(100L * MIB + 3);

        Path back = dir.resolve("back.bin");
        TransferResult down = tm.download(r -> r.remotePath("/big/hundred.bin").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(Trees.sha256(back)).isEqualTo(Trees.sha256(big));
    }

    @Test
    void theJavaClient_usedWhenTheCrtCannotLoad_roundTripsMultipartFilesToo() throws Exception {
        Path src = dir.resolve("java");
        Trees.file(src.resolve("multi.bin"), 11L * MIB + 5, 43);
        Trees.file(src.resolve("small.txt"), 10, 44);
        try (TransferManager java = EmulatorSetup.manager(emulator.emulator(), client, shared.resolve("journals"))
                .s3Client("java").build()) {
            assertThat(java.upload(r -> r.source(src).remoteFolder("/java/")).join().failures()).isEmpty();
            Path back = dir.resolve("back");
            assertThat(java.download(r -> r.remotePath("/java/").target(back)).join().failures()).isEmpty();
            assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
        }
    }

    @Test
    void tree_withAwkwardNames_roundTrips() throws Exception {
        Path src = dir.resolve("tree");
        String[] names = {"a b.txt", "ünïcødé 文件.txt", "plus+sign.txt", "per%cent%20.txt", "hash#tag.txt",
                "semi;colon&amp=.txt", "quote'd (1).txt", "tilde~.txt"};
        int n = 0;
        for (int d = 0; d < 25; d++) {
            String folder = d % 3 == 0 ? "dir " + d + "/nested #" + d + "/" : "d+" + d + "/";
            for (String name : names) {
                Trees.file(src.resolve(folder + n + "-" + name), n % 7 == 0 ? 0 : 100 + n * 13L, n);
                n++;
            }
        }
        IcaEmulator ica = emulator.emulator();
        int before = ica.faults().restRequestCount();
        TransferResult up = tm.upload(r -> r.source(src).remoteFolder("/awkward names/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.succeeded()).isEqualTo(n);
        // One folder, one set of credentials: a handful of ICA calls for the whole tree, none per file.
        assertThat(ica.faults().restRequestCount() - before).isLessThanOrEqualTo(5);

        before = ica.faults().restRequestCount();
        Path back = dir.resolve("back");
        TransferResult down = tm.download(r -> r.remotePath("/awkward names/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        // The folder's lookup, its credentials, the listing's page: once each.
        assertThat(ica.faults().restRequestCount() - before).isLessThanOrEqualTo(3);
        assertThat(Trees.digests(back)).hasSize(n).isEqualTo(Trees.digests(src));
    }

    /** ICA lists 1,000 items a page: the download reads the listing a page ahead, the upload's skip check pages. */
    @Test
    void folder_ofMoreFilesThanAListingPage_roundTrips() throws Exception {
        Path src = dir.resolve("pages");
        int n = 2_100;
        for (int i = 0; i < n; i++) {
            Trees.file(src.resolve((i % 2 == 0 ? "even/" : "") + "f" + i + ".txt"), i % 97, i);
        }
        TransferResult up = tm.upload(r -> r.source(src).remoteFolder("/pages/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.succeeded()).isEqualTo(n);

        IcaEmulator ica = emulator.emulator();
        int before = ica.faults().restRequestCount();
        Path back = dir.resolve("back");
        TransferResult down = tm.download(r -> r.remotePath("/pages/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(down.succeeded()).isEqualTo(n);
        assertThat(Trees.digests(back)).hasSize(n).isEqualTo(Trees.digests(src));
        // The folder's lookup, its credentials, and the listing's three pages (2,101 items).
        assertThat(ica.faults().restRequestCount() - before).isLessThanOrEqualTo(5);

        TransferResult again = tm.upload(r -> r.source(src).remoteFolder("/pages/")
                .overwrite(OverwritePolicy.SKIP_EXISTING)).join();
        assertThat(again.skipped()).as("every file found in the paged listing").isEqualTo(n);
        assertThat(again.bytesTransferred()).isZero();
    }

    @Test
    void singleFile_withARemoteName_landsUnderThatName_andAFolderWithOneIsRefused() throws Exception {
        Path f = Trees.file(dir.resolve("local-name.txt"), 1000, 12);
        TransferResult up = tm.upload(r -> r.source(f).remoteFolder("/renamed/").remoteName("other name.txt")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.files()).singleElement().satisfies(r -> assertThat(r.remotePath())
                .isEqualTo("/renamed/other name.txt"));
        assertThat(client.projectData(emulator.emulator().projectId()).listRecursive("/renamed/").stream()
                .map(ProjectData::path)).containsExactly("/renamed/other name.txt");
        Path back = dir.resolve("back.txt");
        assertThat(tm.download(r -> r.remotePath("/renamed/other name.txt").target(back)).join().failures()).isEmpty();
        assertThat(Trees.sha256(back)).isEqualTo(Trees.sha256(f));

        assertThatThrownBy(() -> UploadRequest.builder().source(f).remoteName("a/b.txt").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without '/'");
        assertThatThrownBy(() -> tm.upload(r -> r.source(dir).remoteFolder("/renamed/").remoteName("x.txt")).join())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a folder");
    }

    @Test
    void singleFile_intoProjectRoot_usesFileScopedCredentials_andDownloadsToAFilePath() throws Exception {
        Path f = Trees.file(dir.resolve("root-file.bin"), 6L * MIB + 3, 9);
        TransferResult up = tm.upload(r -> r.source(f)).join();
        assertThat(up.failures()).isEmpty();
        ProjectData remote = client.projectData(emulator.emulator().projectId()).findByPath("/root-file.bin")
                .orElseThrow();
        assertThat(remote.fileSizeInBytes()).isEqualTo(6L * MIB + 3);

        Path back = dir.resolve("not/yet/there/copy.bin");
        TransferResult down = tm.download(r -> r.remotePath("/root-file.bin").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(Trees.sha256(back)).isEqualTo(Trees.sha256(f));
        assertThat(Files.getLastModifiedTime(back).toInstant()).isEqualTo(remote.timeModified());
    }

    @Test
    void folderIntoProjectRoot_nestedFilesShareTheirTopFolderCredentials() throws Exception {
        Path src = dir.resolve("rootsrc");
        Trees.file(src.resolve("top-level.txt"), 10, 1);
        Trees.file(src.resolve("rootdir/x/y.txt"), 20, 2);
        Trees.file(src.resolve("rootdir/z.txt"), 30, 3);
        TransferResult up = tm.upload(r -> r.source(src).remoteFolder("/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.succeeded()).isEqualTo(3);
        Path back = dir.resolve("back");
        TransferResult down = tm.download(r -> r.remotePath("/rootdir/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(Trees.digests(back)).isEqualTo(Map.of("x/y.txt", Trees.sha256(src.resolve("rootdir/x/y.txt")),
                "z.txt", Trees.sha256(src.resolve("rootdir/z.txt"))));
    }

    private static List<Path> journals() throws Exception {
        Path j = shared.resolve("journals");
        if (!Files.exists(j)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(j)) {
            return s.toList();
        }
    }
}
