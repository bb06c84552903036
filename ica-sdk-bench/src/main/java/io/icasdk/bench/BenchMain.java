package io.icasdk.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.ProjectData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Entry point of the benchmark harness that bench/run.sh drives. Sub-commands:
 * <ul>
 *   <li>{@code serve --tool aws-tm|ica-api --scope /bench/ [--credential-refresh-seconds N]}: a warm JVM
 *       that reads one operation per stdin line ({@code upload-file <local> <remote-folder>},
 *       {@code download-file <remote-file> <local>}, {@code upload-dir <local> <remote-folder>},
 *       {@code download-dir <remote-folder> <local>}, {@code sync-up <local> <remote-folder>},
 *       {@code quit}) and answers each with one JSON line: ok, seconds, hwmKiB, error.</li>
 *   <li>{@code credentials --folder /bench/}: shell assignments of temporary AWS credentials for peers.</li>
 *   <li>{@code upload-url --folder /f/ --name x} / {@code download-url --path /f/x}: presigned URLs.</li>
 *   <li>{@code seed-crc --file F --folder /f/ --name x}: uploads F in 8 MiB parts with a whole-object
 *       CRC64NVME, as S3 keeps for objects uploaded without a checksum (the W2c object).</li>
 *   <li>{@code proxy --target-port N --stats-file F}: the byte-counting relay for W6.</li>
 *   <li>{@code report --results F --out BENCHMARKS.md}: the Markdown tables.</li>
 * </ul>
 * ICA settings come from ICAV2_BASE_URL, ICAV2_X_API_KEY, ICAV2_PROJECT_ID; the S3 endpoint from
 * ICA_S3_ENDPOINT. Results go to stdout, diagnostics to stderr.
 *
 * <p>{@code java -cp "$CP" io.icasdk.bench.BenchMain serve --tool aws-tm --scope /bench/}
 */
public final class BenchMain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchMain() {}

  /** Runs one sub-command; exits 2 on bad usage, 1 on failure. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage("missing sub-command");
    }
    Map<String, String> opts = options(List.of(args).subList(1, args.length));
    switch (args[0]) {
      case "serve" -> serve(opts);
      case "credentials" -> credentials(opts);
      case "upload-url" -> uploadUrl(opts);
      case "download-url" -> downloadUrl(opts);
      case "seed-crc" -> seedCrc(opts);
      case "proxy" -> proxy(opts);
      case "report" -> report(opts);
      default -> usage("unknown sub-command " + args[0]);
    }
  }

  private static void usage(String problem) {
    System.err.println("bench: " + problem + "\nusage: BenchMain serve|credentials|upload-url|download-url|seed-crc"
        + "|proxy|report"
        + " [--option value ...] (see the class Javadoc and bench/run.sh)");
    System.exit(2);
  }

  static Map<String, String> options(List<String> args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || i + 1 >= args.size()) {
        throw new IllegalArgumentException("expected --name value pairs, got " + a);
      }
      opts.put(a.substring(2), args.get(++i));
    }
    return opts;
  }

  private static String require(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      usage("--" + name + " is required");
    }
    return v;
  }

  // ---- serve ---------------------------------------------------------------------------------------

  private static void serve(Map<String, String> opts) throws Exception {
    PrintStream out = System.out;
    String toolName = require(opts, "tool");
    InJvmTool tool;
    try {
      tool = createTool(toolName, opts);
    } catch (Exception | LinkageError e) {
      String why = e instanceof UnsupportedOperationException ? e.getMessage() : describe(e);
      ObjectNode ready = JSON.createObjectNode().put("ready", false).put("error", why);
      out.println(ready);
      out.flush();
      return;
    }
    out.println(JSON.createObjectNode().put("ready", true).put("tool", toolName));
    out.flush();
    try (tool; BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        if (words[0].equals("quit")) {
          break;
        }
        out.println(runOne(tool, words));
        out.flush();
      }
    }
  }

  static InJvmTool createTool(String name, Map<String, String> opts) throws Exception {
    IcaAccess ica = IcaAccess.fromEnvironment(System.getenv());
    String scope = opts.getOrDefault("scope", "/bench/");
    URI s3 = URI.create(require(Map.of("ICA_S3_ENDPOINT", String.valueOf(System.getenv("ICA_S3_ENDPOINT"))),
        "ICA_S3_ENDPOINT"));
    return switch (name) {
      case "aws-tm" -> {
        Duration refresh = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("credential-refresh-seconds", "0")));
        RefreshingCredentials creds = new RefreshingCredentials(() -> ica.folderCredentials(scope), refresh);
        AwsCredentials first = creds.current();
        yield new AwsTransferManagerTool(s3, first.region(), first.bucket(), first.objectPrefix(), scope,
            creds::asAws);
      }
      case "ica-api" -> IcaSdkToolFactory.create(ica, s3, opts);
      default -> throw new IllegalArgumentException("unknown tool " + name + " (aws-tm, ica-api)");
    };
  }

  static ObjectNode runOne(InJvmTool tool, String[] words) {
    ObjectNode result = JSON.createObjectNode().put("op", words[0]);
    if (words.length != 3) {
      return result.put("ok", false).put("error", "expected: <op> <from> <to>");
    }
    boolean hwmReset = PeakRss.reset();
    long start = System.nanoTime();
    try {
      long bytes = switch (words[0]) {
        case "upload-file" -> tool.uploadFile(Path.of(words[1]), words[2]);
        case "download-file" -> tool.downloadFile(words[1], Path.of(words[2]));
        case "upload-dir" -> tool.uploadDirectory(Path.of(words[1]), words[2]);
        case "download-dir" -> tool.downloadDirectory(words[1], Path.of(words[2]));
        case "sync-up" -> tool.syncUpload(Path.of(words[1]), words[2]);
        default -> throw new IllegalArgumentException("unknown op " + words[0]);
      };
      result.put("ok", true).put("bytes", bytes);
    } catch (UnsupportedOperationException e) {
      result.put("ok", false).put("na", true).put("error", String.valueOf(e.getMessage()));
    } catch (Exception | Error e) {
      result.put("ok", false).put("error", describe(e));
    }
    result.put("seconds", (System.nanoTime() - start) / 1e9);
    PeakRss.peakKib().ifPresent(kib -> result.put("hwmKiB", kib));
    return result.put("hwmReset", hwmReset);
  }

  static String describe(Throwable e) {
    Throwable root = e;
    StringBuilder s = new StringBuilder(e.toString());
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      s.append(" <- ").append(root);
    }
    String text = s.toString().replace('\n', ' ');
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }

  /** Caches folder credentials and fetches new ones once {@code refreshAfter} passed (0 = never). */
  static final class RefreshingCredentials {
    private final Supplier<AwsCredentials> fetch;
    private final Duration refreshAfter;
    private AwsCredentials current;
    private long fetchedAtNanos;

    RefreshingCredentials(Supplier<AwsCredentials> fetch, Duration refreshAfter) {
      this.fetch = fetch;
      this.refreshAfter = refreshAfter;
    }

    synchronized AwsCredentials current() {
      if (current == null || (!refreshAfter.isZero() && System.nanoTime() - fetchedAtNanos > refreshAfter.toNanos())) {
        current = fetch.get();
        fetchedAtNanos = System.nanoTime();
      }
      return current;
    }

    AwsSessionCredentials asAws() {
      AwsCredentials c = current();
      return AwsSessionCredentials.create(c.accessKey(), c.secretKey().reveal(), c.sessionToken().reveal());
    }
  }

  // ---- helpers for the script ----------------------------------------------------------------------

  private static void credentials(Map<String, String> opts) {
    AwsCredentials aws = IcaAccess.fromEnvironment(System.getenv()).folderCredentials(require(opts, "folder"));
    PrintStream out = System.out;
    out.println("AWS_ACCESS_KEY_ID=" + shellQuote(aws.accessKey()));
    out.println("AWS_SECRET_ACCESS_KEY=" + shellQuote(aws.secretKey().reveal()));
    out.println("AWS_SESSION_TOKEN=" + shellQuote(aws.sessionToken().reveal()));
    out.println("AWS_REGION=" + shellQuote(aws.region()));
    out.println("BENCH_BUCKET=" + shellQuote(aws.bucket()));
    String prefix = aws.objectPrefix().endsWith("/") ? aws.objectPrefix() : aws.objectPrefix() + "/";
    out.println("BENCH_PREFIX=" + shellQuote(prefix));
    out.println("BENCH_SSE=" + shellQuote(aws.serverSideEncryptionAlgorithm() == null ? "" : aws.serverSideEncryptionAlgorithm()));
  }

  private static void uploadUrl(Map<String, String> opts) {
    IcaAccess ica = IcaAccess.fromEnvironment(System.getenv());
    String folder = require(opts, "folder");
    ica.folder(folder);
    var created = ica.data().createFileWithUploadUrl(
        io.icasdk.core.CreateFileRequest.builder().name(require(opts, "name")).folderPath(folder).build(), null, null);
    System.out.println(created.uploadUrl());
  }

  private static void downloadUrl(Map<String, String> opts) {
    IcaAccess ica = IcaAccess.fromEnvironment(System.getenv());
    String path = require(opts, "path");
    ProjectData file = ica.data().findByPath(path)
        .orElseThrow(() -> new IllegalStateException("no file " + path + " in the project"));
    DataId id = file.id();
    System.out.println(ica.data().createDownloadUrl(id));
  }

  private static void seedCrc(Map<String, String> opts) throws Exception {
    String crc = CrcSeeder.upload(IcaAccess.fromEnvironment(System.getenv()),
        URI.create(String.valueOf(System.getenv("ICA_S3_ENDPOINT"))), require(opts, "folder"),
        Path.of(require(opts, "file")), require(opts, "name"), 8 << 20);
    System.out.println("crc64nvme " + crc);
  }

  private static void proxy(Map<String, String> opts) throws Exception {
    Path stats = Path.of(require(opts, "stats-file"));
    try (CountingProxy proxy = CountingProxy.start(Integer.parseInt(opts.getOrDefault("port", "0")),
        opts.getOrDefault("target-host", "127.0.0.1"), Integer.parseInt(require(opts, "target-port")))) {
      System.out.println(JSON.createObjectNode().put("port", proxy.port()));
      System.out.flush();
      while (true) {
        proxy.writeStats(stats);
        Thread.sleep(50); // a sampling period, not a wait for a condition: the script polls the file
      }
    }
  }

  private static void report(Map<String, String> opts) throws Exception {
    Report report = Report.fromFile(Path.of(require(opts, "results")));
    String generated = report.markdown();
    Path out = Path.of(require(opts, "out"));
    String existing = Files.exists(out) ? Files.readString(out) : "";
    Files.writeString(out, Report.splice(existing, generated));
    System.out.println(generated);
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
