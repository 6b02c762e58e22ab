package io.switchboard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw {@code /mux} client for the ITs: websocket-multiplex frames as text, in and out. */
public final class MuxClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A ceiling for frames that will come; generous, so that a busy machine does not fail a test. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final WebSocket ws;

    private MuxClient(URI uri, Map<String, String> headers) {
        var builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        StringBuilder partial = new StringBuilder();
        this.ws = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                texts.add("closed " + code);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                texts.add("closed 1006");
            }
        }).join();
    }

    public static MuxClient connect(URI uri, Map<String, String> headers) {
        return new MuxClient(uri, headers);
    }

    public MuxClient send(String frame) {
        ws.sendText(frame, true).join();
        return this;
    }

    /** The next frame, or an AssertionError after 10 s. */
    public String next() {
        try {
            String t = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null) {
                throw new AssertionError("no frame from /mux within " + WAIT);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame if one comes within {@code d}, else null. */
    public String poll(Duration d) throws InterruptedException {
        return texts.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        ws.abort();
    }

    /** The next frame on {@code topic} (frames of other topics are passed over). */
    public String next(String topic) {
        while (true) {
            String t = next();
            if (t.startsWith("msg," + topic + ",") || t.startsWith("uns," + topic)) {
                return t;
            }
        }
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
    }
}
