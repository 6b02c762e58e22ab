package io.switchboard.client;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The hub's TCP lines ({@code tcp://host:port}, docs/tcp.md) as a {@link Transport}: one JSON
 * frame per line. The hub's {@code {"op":"ping"}} heartbeat is answered with {@code pong} here and
 * counts as heard, as a WebSocket ping does; its final {@code {"op":"close","code","reason"}}
 * frame becomes the close code the socket above hears. Each connection has a reader thread and a
 * writer thread (daemons), so a hub that stops reading never blocks a caller of {@code send}.
 */
final class TcpTransport implements Transport {
    static final int DEFAULT_PORT = 7070;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final String PING = "{\"op\":\"ping\"}";
    private static final String PONG = "{\"op\":\"pong\"}";

    @Override
    public CompletableFuture<Void> open(URI uri, Events events) {
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return CompletableFuture.runAsync(() -> {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(socket);
                throw new java.util.concurrent.CompletionException(e);
            }
            new LineWire(socket, events).start();
        }, runnable -> daemon("switchboard-tcp-connect", runnable).start());
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private static final class LineWire implements Wire {
        private final Socket socket;
        private final Events events;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon("switchboard-tcp-write", r));
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile int closeCode = 1006;
        private volatile String closeReason = "the connection ended without a close frame";

        LineWire(Socket socket, Events events) {
            this.socket = socket;
            this.events = events;
        }

        void start() {
            events.heard();
            events.opened(this);
            daemon("switchboard-tcp-read", this::read).start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    events.heard();
                    line(line);
                }
            } catch (IOException e) {
                closeReason = String.valueOf(e.getMessage());
            } finally {
                writer.shutdownNow();
                closeQuietly(socket);
                ended.complete(null);
                events.closed(closeCode, closeReason);
            }
        }

        private void line(String line) {
            if (line.equals(PING)) {
                send(PONG);
            } else if (line.startsWith("{\"op\":\"close\"")) {
                List<JsonObject> close = Frames.read(line);
                if (!close.isEmpty()) {
                    closeCode = close.get(0).getInt("code", 1006);
                    closeReason = close.get(0).getString("reason", "");
                }
            } else if (!line.isBlank()) {
                events.text(line);
            }
        }

        @Override
        public CompletableFuture<?> send(String text) {
            byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                return CompletableFuture.runAsync(() -> write(bytes), writer);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new IOException("the connection is closed"));
            }
        }

        private void write(byte[] bytes) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }

        @Override
        public void abort() {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // closing anyway
            }
            closeQuietly(socket);
        }

        /** FIN after what is queued; the hub answers with its close frame and its own FIN. */
        @Override
        public CompletableFuture<?> close() {
            try {
                writer.execute(() -> {
                    try {
                        socket.shutdownOutput();
                    } catch (IOException e) {
                        closeQuietly(socket);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return ended;
            }
            return ended.completeOnTimeout(null, 2, TimeUnit.SECONDS).whenComplete((v, t) -> closeQuietly(socket));
        }
    }
}
