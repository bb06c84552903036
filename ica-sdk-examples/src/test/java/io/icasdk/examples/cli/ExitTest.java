package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code ica} does just before the JVM exits. */
class ExitTest {
  @Test
  void stopHttpSelectorThreads_endsTheJdkHttpClientsSelectorThread() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(selectorThreads()).as("the client's selector thread runs").isNotEmpty();

      IcaCli.stopHttpSelectorThreads();

      assertThat(selectorThreads()).as("selector threads left").isEmpty();
    } finally {
      server.stop(0);
    }
  }

  private static List<Thread> selectorThreads() {
    Thread[] threads = new Thread[Thread.activeCount() + 64];
    int n = Thread.enumerate(threads);
    return Arrays.stream(threads, 0, n)
        .filter(t -> t.isAlive() && t.getName().endsWith("-SelectorManager"))
        .toList();
  }
}
