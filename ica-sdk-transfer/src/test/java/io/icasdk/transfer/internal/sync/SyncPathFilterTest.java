package io.icasdk.transfer.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyncPathFilterTest {

    @Test
    void noPatterns_acceptEverything() {
        PathFilter f = PathFilter.of(List.of(), List.of());
        assertThat(f.acceptsFile("a/b/c.txt")).isTrue();
        assertThat(f.acceptsFolder("a/b")).isTrue();
    }

    @Test
    void patternWithoutSlash_matchesNameAtAnyDepth() {
        PathFilter f = PathFilter.of(List.of("*.bam"), List.of());
        assertThat(f.acceptsFile("x.bam")).isTrue();
        assertThat(f.acceptsFile("deep/er/x.bam")).isTrue();
        assertThat(f.acceptsFile("x.bam.bai")).isFalse();
        assertThat(f.acceptsFile("dir.bam/x.txt")).isFalse();
    }

    @Test
    void patternWithSlash_matchesWholePath_andDoubleStarCrossesFolders() {
        PathFilter f = PathFilter.of(List.of("reads/**/*.fastq.gz"), List.of());
        assertThat(f.acceptsFile("reads/s1.fastq.gz")).isTrue();
        assertThat(f.acceptsFile("reads/l1/s1.fastq.gz")).isTrue();
        assertThat(f.acceptsFile("other/reads/s1.fastq.gz")).isFalse();
        assertThat(PathFilter.of(List.of("/top/*.txt"), List.of()).acceptsFile("top/a.txt")).isTrue();
        assertThat(PathFilter.of(List.of("top/*.txt"), List.of()).acceptsFile("top/sub/a.txt")).isFalse();
    }

    @Test
    void exclude_winsOverInclude_andCoversEverythingInAnExcludedFolder() {
        PathFilter f = PathFilter.of(List.of("*.txt"), List.of("tmp", "secret-?.txt"));
        assertThat(f.acceptsFile("a.txt")).isTrue();
        assertThat(f.acceptsFile("secret-1.txt")).isFalse();
        assertThat(f.acceptsFile("tmp/a.txt")).isFalse();
        assertThat(f.acceptsFile("x/tmp/y/a.txt")).isFalse();
        assertThat(f.acceptsFolder("x/tmp/y")).isFalse();
        assertThat(f.acceptsDirectory("tmp")).isFalse();
        assertThat(f.acceptsDirectory("tmpx")).isTrue();
    }

    @Test
    void bracesAndClasses_work_andSpecialCharactersAreLiteral() {
        PathFilter f = PathFilter.of(List.of("*.{bam,cram}", "[ab]+(1).txt"), List.of());
        assertThat(f.acceptsFile("x.cram")).isTrue();
        assertThat(f.acceptsFile("x.sam")).isFalse();
        assertThat(f.acceptsFile("a+(1).txt")).isTrue();
        assertThat(f.acceptsFile("c+(1).txt")).isFalse();
    }

    @Test
    void malformedPattern_isRefusedWithTheOffendingPattern() {
        assertThatThrownBy(() -> PathFilter.of(List.of("a[b"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a[b");
        assertThatThrownBy(() -> PathFilter.of(List.of(), List.of("{a,b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{a,b");
        assertThatThrownBy(() -> PathFilter.of(List.of(" "), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
