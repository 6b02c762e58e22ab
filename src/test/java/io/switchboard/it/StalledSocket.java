package io.switchboard.it;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that reads nothing until {@link #drain}: it asks the JDK client for no
 * message at all, so the hub's writes back up in the socket buffers, as with a phone whose app
 * froze. It still writes (unsolicited pongs), which is life to the hub, and tells by a failed
 * write that the hub has dropped the connection.
 */
final class StalledSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;

    private StalledSocket(URI uri) {
        ws = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).join();
    }

    static StalledSocket open(URI uri) {
        return new StalledSocket(uri);
    }

    void send(String text) {
        ws.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Writes a pong; false once the hub has dropped the connection. */
    boolean keepAlive() {
        try {
            ws.sendPong(ByteBuffer.allocate(0)).get(5, TimeUnit.SECONDS);
            return !closed.isDone();
        } catch (Exception e) {
            return false;
        }
    }

    /** Starts reading: every text the hub got through, until the close, as JSON frames. */
    List<JsonObject> drain() {
        List<JsonObject> frames = new ArrayList<>();
        for (String t : drainTexts()) {
            for (String line : t.split("\n")) {
                frames.add(LivenessIT.parse(line));
            }
        }
        return frames;
    }

    /** Starts reading: every text the hub got through, until the close. */
    List<String> drainTexts() {
        ws.request(Long.MAX_VALUE);
        try {
            closed.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stalled socket did not end within 60 s of reading again", e);
        }
        List<String> out = new ArrayList<>();
        texts.drainTo(out);
        return out;
    }

    /**
     * Starts reading: hands each text to {@code each} until one matches {@code end}, and returns
     * that one (the socket stays open).
     */
    String readUntil(java.util.function.Predicate<String> end, java.util.function.Consumer<String> each) {
        ws.request(Long.MAX_VALUE);
        try {
            for (String t = texts.poll(30, TimeUnit.SECONDS); t != null; t = texts.poll(30, TimeUnit.SECONDS)) {
                if (end.test(t)) {
                    return t;
                }
                each.accept(t);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no end text within 30 s of reading again" + (closed.isDone() ? " (closed " + closed.join() + ")" : ""));
    }

    /** The close code the client saw; 1006 when the connection ended without a close frame. */
    int closeCode() {
        return closed.join();
    }

    @Override
    public void close() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            // no request(1): the socket reads nothing until drain()
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                texts.add(part.toString());
                part.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
