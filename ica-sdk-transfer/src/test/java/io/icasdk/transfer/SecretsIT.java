package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Feeds known secrets (a sentinel API key, and every S3 secret key and session token the emulator
 * issues) through uploads, downloads, credential refreshes and failures, and looks for them in every
 * log event (TRACE, ours and the AWS SDK's), journal, result and exception.
 */
class SecretsIT {
    private static final String SENTINEL_KEY = "SENTINEL-api-key-4f1d9c2e";
    private static final String SENTINEL_WRONG_KEY = "SENTINEL-wrong-key-77ab";

    @TempDir
    Path dir;

    @Test
    void secrets_neverReachLogsJournalsResultsOrExceptions() throws Exception {
        List<String> written = new ArrayList<>();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger("io.icasdk"),
                (Logger) LoggerFactory.getLogger("software.amazon.awssdk"));
        List<Level> levels = new ArrayList<>();
        for (Logger l : loggers) {
            levels.add(l.getLevel());
            l.setLevel(Level.TRACE);
            l.setAdditive(false); // captured, not printed
            l.addAppender(logs);
        }
        Path state = dir.resolve("emulator");
        Path journals = dir.resolve("journals");
        try (IcaEmulator ica = IcaEmulator.builder().dataDir(state).apiKey(SENTINEL_KEY)
                .credentialTtl(Duration.ofSeconds(2)).start()) {
            IcaClient client = EmulatorSetup.client(ica, dir);
            Path src = dir.resolve("src");
            Trees.file(src.resolve("big.bin"), 12L * MIB, 1);
            Trees.file(src.resolve("small.txt"), 100, 2);
            ica.faults().s3BandwidthBytesPerSecond(4L * MIB);
            ica.seed().putFile(ica.projectId(), "/secrets/small.txt", "exists".getBytes());
            try (TransferManager tm = EmulatorSetup.manager(ica, client, journals).maxRequestsInFlight(2).build()) {
                // small.txt exists remotely: that file fails, so the journal is kept for inspection.
                TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/secrets/")).join();
                assertThat(up.failed()).isEqualTo(1);
                written.add(up.toString());
                ica.faults().reset();
                TransferResult down = tm.download(d -> d.remotePath("/secrets/").target(dir.resolve("down"))).join();
                written.add(down.toString());
            }
            IcaClient wrong = EmulatorSetup.client(ica, dir, SENTINEL_WRONG_KEY);
            try (TransferManager tm = EmulatorSetup.manager(ica, wrong, journals).build()) {
                Throwable t = catchThrowable(() -> tm.upload(u -> u.source(src).remoteFolder("/x/")).join());
                assertThat(t).isNotNull();
                written.add(stackTrace(t));
            }
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(logs);
                loggers.get(i).setLevel(levels.get(i));
                loggers.get(i).setAdditive(true);
            }
        }
        Set<String> secrets = issuedSecrets(state.resolve("state.json"));
        assertThat(secrets).as("secrets issued by the emulator").hasSizeGreaterThan(4);
        secrets.add(SENTINEL_KEY);
        secrets.add(SENTINEL_WRONG_KEY);

        assertThat(logs.list).as("log events captured").isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            written.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                written.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
        }
        List<Path> journalFiles;
        try (Stream<Path> s = Files.list(journals)) {
            journalFiles = s.toList();
        }
        assertThat(journalFiles).as("the kept journal").isNotEmpty();
        for (Path j : journalFiles) {
            written.add(Files.readString(j));
        }
        for (String text : written) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    private static Set<String> issuedSecrets(Path stateFile) throws Exception {
        JsonNode root = new ObjectMapper().readTree(stateFile.toFile());
        Set<String> out = new HashSet<>();
        for (String field : List.of("secretKey", "sessionToken")) {
            for (JsonNode n : root.findValues(field)) {
                if (n.isTextual() && n.asText().length() >= 8) {
                    out.add(n.asText());
                }
            }
        }
        return out;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
