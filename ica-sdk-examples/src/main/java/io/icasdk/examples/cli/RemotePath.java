package io.icasdk.examples.cli;

/**
 * How the CLI reads remote paths. A remote path is a path inside the chosen project, written
 * {@code /folder/sub/} (folders end with {@code /}) or {@code /folder/file.txt}. Where an argument
 * may be either side ({@code sync}), the remote one is written with the prefix {@code ica:}, e.g.
 * {@code ica:/runs/r1/}; the prefix is also accepted (and ignored) everywhere else.
 */
final class RemotePath {
  static final String PREFIX = "ica:";

  private RemotePath() {}

  static boolean isMarkedRemote(String arg) {
    return arg.startsWith(PREFIX);
  }

  /** A remote path, with {@code ica:} removed; a usage error when it does not start with "/". */
  static String parse(String arg, String what) {
    String path = isMarkedRemote(arg) ? arg.substring(PREFIX.length()) : arg;
    if (!path.startsWith("/")) { // an example with the prefix the user wrote: `sync` needs it
      throw CliException.usage(what + " must be a path inside the project starting with /, e.g. "
          + (isMarkedRemote(arg) ? PREFIX : "") + "/runs/r1/ (got '" + arg + "')");
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw CliException.usage(what + " must not contain '.' or '..' segments (got '" + arg + "')");
      }
    }
    return path.replaceAll("/{2,}", "/");
  }

  /** A remote folder path, always ending with "/". */
  static String folder(String arg, String what) {
    String path = parse(arg, what);
    return path.endsWith("/") ? path : path + "/";
  }
}
