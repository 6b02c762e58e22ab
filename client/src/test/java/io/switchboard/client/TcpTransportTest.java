package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ReconnectingSocket over TCP lines against a hand-driven server socket: no hub needed. */
class TcpTransportTest {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private ServerSocket server;
    private ReconnectingSocket socket;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout(30_000);
    }

    @AfterEach
    void stop() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }

    private void open() {
        URI uri = URI.create("tcp://127.0.0.1:" + server.getLocalPort());
        socket = new ReconnectingSocket(Transport.forUri(uri), uri, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)),
                new ReconnectingSocket.Listener() {
                    @Override
                    public void opened(boolean first) {
                        events.add("opened " + first);
                    }

                    @Override
                    public void text(String text) {
                        events.add("text " + text);
                    }

                    @Override
                    public void closed(int code, String reason) {
                        events.add("closed " + code + " " + reason);
                    }
                });
        socket.open();
    }

    private String event() throws InterruptedException {
        String e = events.poll(30, TimeUnit.SECONDS);
        assertThat(e).as("an event within 30 s").isNotNull();
        return e;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    @Test
    void framesAreLinesPingsAreAnsweredAndTheCloseFrameGivesTheCode() throws Exception {
        open();
        try (Socket peer = server.accept()) {
            assertThat(event()).isEqualTo("opened true");
            socket.send("{\"op\":\"hello\"}").get(30, TimeUnit.SECONDS);
            BufferedReader in = reader(peer);
            assertThat(in.readLine()).isEqualTo("{\"op\":\"hello\"}");

            write(peer, "{\"op\":\"welcome\"}\n{\"op\":\"ping\"}\n{\"op\":\"msg\",\"seq\":1}\n");
            assertThat(event()).isEqualTo("text {\"op\":\"welcome\"}");
            assertThat(event()).as("the ping is the transport's, not the layer above's").isEqualTo("text {\"op\":\"msg\",\"seq\":1}");
            assertThat(in.readLine()).isEqualTo("{\"op\":\"pong\"}");

            write(peer, "{\"op\":\"error\",\"error\":{\"code\":\"unauthorized\"}}\n{\"op\":\"close\",\"code\":1008,\"reason\":\"unauthorized\"}\n");
            peer.shutdownOutput();
            assertThat(event()).startsWith("text {\"op\":\"error\"");
            assertThat(event()).isEqualTo("closed 1008 unauthorized");
        }
    }

    @Test
    void aConnectionThatEndsWithoutACloseFrameIs1006AndComesBack() throws Exception {
        open();
        try (Socket peer = server.accept()) {
            assertThat(event()).isEqualTo("opened true");
            peer.setSoLinger(true, 0);
        }
        assertThat(event()).startsWith("closed 1006");
        try (Socket again = server.accept()) {
            assertThat(event()).isEqualTo("opened false");
            socket.send("{\"op\":\"hello\",\"client\":\"x\"}").get(30, TimeUnit.SECONDS);
            assertThat(reader(again).readLine()).isEqualTo("{\"op\":\"hello\",\"client\":\"x\"}");
        }
    }

    @Test
    void aSilentConnectionIsDroppedByTheWatchdog() throws Exception {
        open();
        try (Socket peer = server.accept()) {
            assertThat(event()).isEqualTo("opened true");
            socket.dropWhenSilentFor(Duration.ofMillis(300));
            assertThat(event()).isEqualTo("closed 1006 dropped");
            try (Socket again = server.accept()) {
                assertThat(event()).isEqualTo("opened false");
            }
        }
    }

    @Test
    void closeSendsWhatIsQueuedFirstThenFin() throws Exception {
        open();
        try (Socket peer = server.accept()) {
            assertThat(event()).isEqualTo("opened true");
            for (int i = 0; i < 200; i++) {
                socket.send("{\"n\":" + i + "}");
            }
            socket.send("{\"op\":\"bye\"}");
            var closing = java.util.concurrent.CompletableFuture.runAsync(socket::close);
            BufferedReader in = reader(peer);
            java.util.List<String> got = new java.util.ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                got.add(line);
            }
            assertThat(got).hasSize(201).startsWith("{\"n\":0}").endsWith("{\"op\":\"bye\"}");
            write(peer, "{\"op\":\"close\",\"code\":1000,\"reason\":\"bye\"}\n");
            peer.close();
            closing.get(30, TimeUnit.SECONDS);
            socket = null;
        }
    }

    @Test
    void aSchemeWithoutATransportIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transport.forUri(URI.create("http://x/ws")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
