package io.icasdk.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import software.amazon.awssdk.crt.CRT;

/**
 * Keeps a copy of the AWS CRT's native library for {@code bin/ica}, which then puts it on
 * {@code java.library.path}. Without it the CRT runs {@code ldd} to tell glibc from musl and extracts its
 * 6 MB library from the jar into the temporary folder (in 1 KiB writes) at every start: its load took
 * 90-100 ms instead of 22-28 ms (C1 JVM), a 1-file upload 0.73 s instead of 0.70 s (medians of 12, the
 * load overlaps the first ICA calls). And where the temporary folder is mounted {@code noexec}, as on
 * some hardened servers, the extracted library cannot load at all and the slower Java S3 client is used.
 *
 * <p>{@code bin/ica} names the folder (keyed by every jar on the class path, so a rebuild or a new CRT
 * gets a fresh copy) with {@code -Dica.nativeLibraryCache=<folder>} while the folder does not exist.
 * Only for the {@code ica} process: a library user's JVM loads the CRT its own way.
 */
final class NativeLibraryCache {
  static final String PROPERTY = "ica.nativeLibraryCache";

  private NativeLibraryCache() {}

  /**
   * Writes the library the CRT loaded from its jar into the folder named by {@link #PROPERTY}, whole or
   * not at all (a folder is moved into place complete). Call after a transfer, when the CRT is loaded;
   * does nothing without the property, when the folder exists, or when the CRT could not load (the
   * next run then extracts it again, as the CRT always does).
   */
  static void saveIfAsked() {
    String folder = System.getProperty(PROPERTY);
    Path target = folder == null || folder.isEmpty() ? null : Path.of(folder);
    if (target == null || target.getParent() == null || Files.exists(target)) {
      return;
    }
    Path staging = null;
    try {
      String os = CRT.getOSIdentifier();
      if (CRT.getPlatformImpl() != null) {
        return; // a platform with its own layout (Android)
      }
      String name = System.mapLibraryName(CRT.CRT_LIB_NAME);
      // The resource the CRT itself extracts (its ExtractLib): /<os>/<arch>/<C runtime>/<library>
      String resource = "/" + os + "/" + CRT.getArchIdentifier() + "/" + CRT.getCRuntime(os) + "/" + name;
      try (InputStream in = CRT.class.getResourceAsStream(resource)) {
        if (in == null) {
          return;
        }
        staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".");
        Files.copy(in, staging.resolve(name));
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      staging = null;
    } catch (IOException | RuntimeException | LinkageError e) {
      // only a cache: a concurrent first run may have moved its copy in first
    } finally {
      deleteQuietly(staging);
    }
  }

  private static void deleteQuietly(Path folder) {
    if (folder == null) {
      return;
    }
    try (var files = Files.list(folder)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // left behind in the cache folder; harmless
    }
  }
}
