package io.icasdk.transfer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 that asks for Basic credentials, as a corporate proxy does: it forwards requests
 * in absolute form and tunnels {@code CONNECT}. Every host it is asked for is this machine (so a test can name
 * hosts, such as {@code s3.test}, that only the proxy can reach); the first request of each connection is
 * checked and counted by host, the rest of the connection is relayed as it is.
 */
final class ForwardingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String authorization;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    ForwardingProxy(String user, String password) throws IOException {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections relayed to this host. */
    int connectionsTo(String host) {
        AtomicInteger n = connections.get(host);
        return n == null ? 0 : n.get();
    }

    /** Requests answered 407 because they carried no (or wrong) credentials. */
    int refused() {
        return refused.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            String head = readHead(in);
            String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            if (!head.toLowerCase(Locale.ROOT).contains("\r\nproxy-authorization: " + authorization.toLowerCase(Locale.ROOT) + "\r\n")) {
                refused.incrementAndGet();
                client.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            boolean tunnel = head.startsWith("CONNECT ");
            URI uri = URI.create(tunnel ? "//" + target : target); // CONNECT host:port, else http://host:port/path
            connections.computeIfAbsent(uri.getHost(), h -> new AtomicInteger()).incrementAndGet();
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
                open.add(upstream);
                OutputStream up = upstream.getOutputStream();
                if (tunnel) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    up.write(head.getBytes(StandardCharsets.ISO_8859_1));
                }
                threads.execute(() -> copy(in, up));
                upstream.getInputStream().transferTo(client.getOutputStream());
            } finally {
                open.remove(client);
            }
        } catch (IOException | RuntimeException e) {
            // the client or the server went away: so does the relay
        }
    }

    private static void copy(InputStream from, OutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // either side closed
        }
    }

    /** The request line and headers, through the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the end of its request's headers");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
