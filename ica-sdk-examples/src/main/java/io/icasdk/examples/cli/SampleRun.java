package io.icasdk.examples.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a folder shaped like an Illumina sequencing run: a few FASTQ files of tens of MB and a
 * few hundred small files (InterOp metrics, per-cycle base calls, logs, run metadata).
 * Deterministic for a given seed.
 */
final class SampleRun {
  static final String RUN_NAME = "240315_A01234_0042_BHXXXXDSX5";
  private static final byte[] BASES = "ACGT".getBytes(StandardCharsets.US_ASCII);
  private static final int READ_LENGTH = 151;

  private final SplittableRandom random;

  SampleRun(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Statistics of what was written. */
  record Stats(Path root, int files, long bytes) {}

  /**
   * Writes the run under {@code parent/RUN_NAME}.
   *
   * @param fastqBytes approximate size of each FASTQ file
   * @param cycles number of per-cycle base-call folders per lane (4 lanes), i.e. many small files
   * @throws IOException when writing fails
   */
  Stats write(Path parent, long fastqBytes, int cycles) throws IOException {
    Path run = parent.resolve(RUN_NAME);
    Files.createDirectories(run);
    int files = 0;
    long bytes = 0;
    String[] samples = {"NA12878", "NA24385"};
    for (int s = 0; s < samples.length; s++) {
      for (int read = 1; read <= 2; read++) {
        Path fastq = run.resolve("Analysis/1/Data/fastq/"
            + String.format(Locale.ROOT, "%s_S%d_L001_R%d_001.fastq", samples[s], s + 1, read));
        bytes += writeFastq(fastq, fastqBytes, s * 2 + read);
        files++;
      }
    }
    for (int lane = 1; lane <= 4; lane++) {
      for (int cycle = 1; cycle <= cycles; cycle++) {
        Path cbcl = run.resolve(String.format(Locale.ROOT,
            "Data/Intensities/BaseCalls/L%03d/C%d.1/L%03d_1.cbcl", lane, cycle, lane));
        bytes += writeRandom(cbcl, 2048 + random.nextInt(6144));
        files++;
      }
    }
    String[] interop = {"ControlMetricsOut", "CorrectedIntMetricsOut", "ErrorMetricsOut", "ExtractionMetricsOut",
      "ImageMetricsOut", "QMetricsOut", "TileMetricsOut", "IndexMetricsOut"};
    for (String name : interop) {
      bytes += writeRandom(run.resolve("InterOp/" + name + ".bin"), 16 * 1024 + random.nextInt(48 * 1024));
      files++;
    }
    for (int i = 1; i <= 24; i++) {
      bytes += writeText(run.resolve(String.format(Locale.ROOT, "Logs/%02d_Cycle.log", i)),
          ("Cycle " + i + " completed: imaging ok, focus ok, temperature 22.4C\n").repeat(40));
      files++;
    }
    bytes += writeText(run.resolve("RunInfo.xml"), """
        <?xml version="1.0"?>
        <RunInfo Version="6">
          <Run Id="%s" Number="42">
            <Flowcell>HXXXXDSX5</Flowcell>
            <Instrument>A01234</Instrument>
            <Reads>
              <Read Number="1" NumCycles="151" IsIndexedRead="N"/>
              <Read Number="2" NumCycles="8" IsIndexedRead="Y"/>
              <Read Number="3" NumCycles="151" IsIndexedRead="N"/>
            </Reads>
          </Run>
        </RunInfo>
        """.formatted(RUN_NAME));
    bytes += writeText(run.resolve("SampleSheet.csv"), """
        [Header]
        FileFormatVersion,2
        RunName,demo
        [BCLConvert_Data]
        Sample_ID,Index,Index2
        NA12878,ACGTACGT,TTGGCCAA
        NA24385,TGCATGCA,AACCGGTT
        """);
    bytes += writeText(run.resolve("RunParameters.xml"), "<RunParameters><Side>A</Side></RunParameters>\n");
    bytes += writeText(run.resolve("CopyComplete.txt"), "");
    files += 4;
    return new Stats(run, files, bytes);
  }

  private long writeFastq(Path file, long targetBytes, int lane) throws IOException {
    Files.createDirectories(file.getParent());
    long written = 0;
    byte[] seq = new byte[READ_LENGTH];
    byte[] qual = new byte[READ_LENGTH];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (int n = 0; written < targetBytes; n++) {
        byte[] header = String.format(Locale.ROOT, "@A01234:42:HXXXXDSX5:%d:%d:%d:%d 1:N:0:ACGTACGT%n",
            lane, 1101 + n / 100000, 1000 + n % 30000, 1000 + (n * 7) % 30000).getBytes(StandardCharsets.US_ASCII);
        long bits = 0;
        for (int i = 0; i < READ_LENGTH; i++) {
          if (i % 16 == 0) {
            bits = random.nextLong();
          }
          seq[i] = BASES[(int) (bits & 3)];
          qual[i] = (byte) ((bits & 12) == 0 ? '#' : 'F');
          bits >>>= 4;
        }
        out.write(header);
        out.write(seq);
        out.write(new byte[] {'\n', '+', '\n'});
        out.write(qual);
        out.write('\n');
        written += header.length + 2L * READ_LENGTH + 4;
      }
    }
    return written;
  }

  private long writeRandom(Path file, int size) throws IOException {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, data);
    return size;
  }

  private static long writeText(Path file, String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(file.getParent());
    Files.write(file, data);
    return data.length;
  }
}
