package io.icasdk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountingProxyTest {

  @Test
  void relay_countsBytesEachWay_andWritesThemToTheStatsFile(@TempDir Path dir) throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
          byte[] buffer = new byte[8192];
          long total = 0;
          int n;
          while ((n = in.read(buffer)) >= 0) {
            total += n;
          }
          out.write(("got " + total).getBytes());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      server.start();
      try (CountingProxy proxy = CountingProxy.start(0, "127.0.0.1", echo.getLocalPort())) {
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        String reply;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
          client.getOutputStream().write(payload);
          client.shutdownOutput();
          reply = new String(client.getInputStream().readAllBytes());
        }
        server.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(reply).isEqualTo("got " + payload.length);
        assertThat(proxy.bytesUp()).isEqualTo(payload.length);
        assertThat(proxy.bytesDown()).isEqualTo(reply.length());
        assertThat(proxy.connections()).isEqualTo(1);
        Path stats = dir.resolve("stats");
        proxy.writeStats(stats);
        assertThat(Files.readString(stats)).isEqualTo(payload.length + " " + reply.length() + " 1\n");
      }
    }
  }
}
