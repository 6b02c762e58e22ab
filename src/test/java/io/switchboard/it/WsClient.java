package io.switchboard.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client for the ITs (the JDK's), with frames queued for the test to take. */
public final class WsClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A ceiling for frames that will come; generous, so that a busy machine does not fail a test. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    /** Frames passed over by {@link #nextOp}, handed out first by {@link #next}. */
    private final java.util.ArrayDeque<JsonObject> stash = new java.util.ArrayDeque<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile long closedAt;
    private volatile String closeReason = "";
    private final WebSocket ws;

    private WsClient(URI uri, Map<String, String> headers) {
        var builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        this.ws = builder.buildAsync(uri, new Listener()).join();
    }

    public static WsClient connect(URI uri) {
        return new WsClient(uri, Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        return new WsClient(uri, headers);
    }

    /** The HTTP status a handshake gets: 101 if the socket opened (it is then dropped at once). */
    public static int handshakeStatus(URI uri, Map<String, String> headers) {
        var builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        try {
            builder.buildAsync(uri, new WebSocket.Listener() { }).join().abort();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** Sends a frame given as JSON with single quotes for readability. */
    public WsClient send(String json) {
        return sendRaw(json.replace('\'', '"'));
    }

    public WsClient sendRaw(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    public WsClient sendBinary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next frame, failing the test if none comes in time. Batched messages are split. */
    public JsonObject next() {
        if (!stash.isEmpty()) {
            return stash.pollFirst();
        }
        return take();
    }

    private JsonObject take() {
        try {
            String t = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null) {
                throw new AssertionError("no frame within " + WAIT + (closed.isDone() ? " (closed " + closed.join() + ")" : ""));
            }
            return Json.createReader(new StringReader(t)).readObject();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next text message as it came, for sockets that speak any JSON value, not only objects. */
    public String nextText() {
        try {
            String t = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null) {
                throw new AssertionError("no message within " + WAIT + (closed.isDone() ? " (closed " + closed.join() + ")" : ""));
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames until one matches; the skipped ones are returned with it last. */
    public List<JsonObject> until(Predicate<JsonObject> match) {
        List<JsonObject> seen = new ArrayList<>();
        while (true) {
            JsonObject f = next();
            seen.add(f);
            if (match.test(f)) {
                return seen;
            }
        }
    }

    /** The next frame of that op; frames passed over stay for {@link #next}, in order. */
    public JsonObject nextOp(String op) {
        for (var it = stash.iterator(); it.hasNext(); ) {
            JsonObject f = it.next();
            if (op.equals(f.getString("op"))) {
                it.remove();
                return f;
            }
        }
        while (true) {
            JsonObject f = take();
            if (op.equals(f.getString("op"))) {
                return f;
            }
            stash.addLast(f);
        }
    }

    /** No frame arrives for a while (used only after a frame that must come later has been awaited). */
    public JsonObject poll(Duration d) throws InterruptedException {
        if (!stash.isEmpty()) {
            return stash.pollFirst();
        }
        String t = texts.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        return t == null ? null : Json.createReader(new StringReader(t)).readObject();
    }

    public int awaitClose() {
        return awaitClose(WAIT);
    }

    public int awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + wait, e);
        }
    }

    /** The reason of the close frame the server sent (empty until it closed, or if it gave none). */
    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** When the close (or the break) reached the listener, in {@link System#nanoTime}; 0 while open. */
    public long closedAtNanos() {
        return closedAt;
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(t -> null);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                for (String frame : part.toString().split("\n")) {
                    texts.add(frame);
                }
                part.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedAt = System.nanoTime();
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedAt = System.nanoTime();
            closed.complete(1006);
        }
    }
}
