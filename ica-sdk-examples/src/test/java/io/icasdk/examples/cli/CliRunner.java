package io.icasdk.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured output and a controlled environment and home folder. */
final class CliRunner {
  private final Map<String, String> environment;
  private final Path home;

  CliRunner(Map<String, String> environment, Path home) {
    this.environment = environment;
    this.home = home;
  }

  /** Result of one run. */
  record Result(int exitCode, String out, String err, byte[] data) {
    /** Non-blank stderr lines. */
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  /** {@link #run} with these bytes as standard input (null: none set). */
  Result runWithInput(byte[] input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    IcaCli cli = new IcaCli(environment, home, false);
    cli.dataOut = data;
    if (input != null) {
      cli.dataIn = new ByteArrayInputStream(input);
    }
    int code = cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString(), data.toByteArray());
  }
}
