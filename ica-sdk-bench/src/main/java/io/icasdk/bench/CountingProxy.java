package io.icasdk.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte-counting TCP relay on 127.0.0.1 placed in front of the emulator's S3 port for W6: it counts
 * every byte a client sends to the server (request lines, headers and bodies), whatever the client is,
 * so "bytes sent again after a SIGKILL" is measured on the wire rather than taken from the tool's own
 * word. SigV4 is unaffected: clients sign the Host they connect to, and the relay forwards it unchanged.
 *
 * <p>{@code try (CountingProxy p = CountingProxy.start(0, "127.0.0.1", 9000)) { p.port(); p.bytesUp(); }}
 *
 * <p>Thread-safe; one pair of copying threads per connection.
 */
final class CountingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong bytesDown = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  private CountingProxy(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /**
   * Listens on 127.0.0.1:{@code listenPort} (0 = any free port) and relays to the target.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  static CountingProxy start(int listenPort, String targetHost, int targetPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 128);
      CountingProxy proxy = new CountingProxy(server, targetHost, targetPort);
      Thread acceptor = new Thread(proxy::acceptLoop, "proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + listenPort, e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  /** Bytes clients sent towards the server so far. */
  long bytesUp() {
    return bytesUp.get();
  }

  /** Bytes the server sent back so far. */
  long bytesDown() {
    return bytesDown.get();
  }

  long connections() {
    return connections.get();
  }

  /** Writes {@code "<bytesUp> <bytesDown> <connections>\n"} atomically to {@code file}. */
  void writeStats(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, bytesUp() + " " + bytesDown() + " " + connections() + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        Socket upstream = new Socket(targetHost, targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        AtomicInteger open = new AtomicInteger(2);
        pump(client, upstream, bytesUp, open, "proxy-up");
        pump(upstream, client, bytesDown, open, "proxy-down");
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("proxy: connection failed: " + e);
        }
      }
    }
  }

  /** Copies one direction; half-closes on EOF, and closes both sockets once both directions ended. */
  private static void pump(Socket from, Socket to, AtomicLong counter, AtomicInteger open, String name) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[256 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          counter.addAndGet(n);
        }
        to.shutdownOutput();
        if (open.decrementAndGet() == 0) {
          closeQuietly(from);
          closeQuietly(to);
        }
      } catch (IOException e) {
        // A killed client resets its connection: close both sides, the bytes counted so far stand.
        closeQuietly(to);
        closeQuietly(from);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closing
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
