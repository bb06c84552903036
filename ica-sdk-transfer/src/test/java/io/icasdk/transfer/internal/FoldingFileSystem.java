package io.icasdk.transfer.internal;

/**
 * For tests of other packages: makes every {@link FoldedNames#probe} answer as a file system that folds names would
 * (macOS's, Windows'), which no file system of this machine does, until closed.
 */
public final class FoldingFileSystem implements AutoCloseable {
    private FoldingFileSystem() {}

    public static FoldingFileSystem ignoringCase() {
        FoldedNames.assumed = new FoldedNames(true, false);
        return new FoldingFileSystem();
    }

    @Override
    public void close() {
        FoldedNames.assumed = null;
    }
}
