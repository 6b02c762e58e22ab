package io.switchboard.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The connection layer: a WebSocket that reconnects with backoff and jitter until closed. Sends
 * are queued one after another (the JDK socket takes one send at a time); sends while there is
 * no connection fail, and the layer above decides what to resend.
 */
public final class ReconnectingSocket {
    private static final System.Logger LOG = System.getLogger(ReconnectingSocket.class.getName());

    /** What the layer above hears. Callbacks of one connection come one at a time. */
    public interface Listener {
        void opened(boolean first);

        void text(String text);

        void closed(int code, String reason);

        /** An attempt to connect failed (refused, handshake refused, ...); the socket tries again later. */
        default void failed(Throwable error) {
        }
    }

    private final URI uri;
    private final Listener listener;
    private final Backoff backoff;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-reconnect");
        t.setDaemon(true);
        return t;
    });
    private WebSocket ws;
    private Socket current;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean everOpened;
    private boolean closed;
    private int attempt;
    private volatile long lastHeard = System.nanoTime();
    private volatile long silenceLimitNanos = Long.MAX_VALUE;

    public ReconnectingSocket(URI uri, Backoff backoff, Listener listener) {
        this.uri = uri;
        this.backoff = backoff;
        this.listener = listener;
        timer.scheduleWithFixedDelay(this::checkSilence, 250, 250, TimeUnit.MILLISECONDS);
    }

    /**
     * A connection that has heard nothing (no frame, no ping) for this long is taken for dead and
     * dropped, whatever the reason it went quiet; the hub pings every {@code welcome.heartbeat}.
     */
    public void dropWhenSilentFor(java.time.Duration limit) {
        silenceLimitNanos = limit.toNanos();
    }

    private void checkSilence() {
        if (connected() && System.nanoTime() - lastHeard > silenceLimitNanos) {
            LOG.log(System.Logger.Level.WARNING, "no frame and no ping for {0} ms: dropping the connection",
                    java.time.Duration.ofNanos(silenceLimitNanos).toMillis());
            drop();
        }
    }

    /**
     * Opens a connection. No lock is held while connecting: a connection that fails at once calls
     * back on this thread, and the layer above may then call {@link #send} (lock order: the
     * caller's lock, then this socket's; never the reverse).
     */
    public void open() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        http.newWebSocketBuilder().buildAsync(uri, new Socket()).whenComplete((w, t) -> {
            if (t != null) {
                listener.failed(t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t);
                retry();
            }
        });
    }

    private synchronized void retry() {
        if (!closed) {
            timer.schedule(this::open, backoff.delay(attempt++).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Queues a text frame; the future fails if there is no connection or it drops first. */
    public synchronized CompletableFuture<?> send(String text) {
        WebSocket w = ws;
        if (w == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        sending = sending.handle((r, t) -> null).thenCompose(v -> w.sendText(text, true));
        return sending;
    }

    public synchronized boolean connected() {
        return ws != null;
    }

    /**
     * Drops the current connection without a close handshake (it then reconnects). The JDK's
     * {@code abort()} tells the listener nothing, so the layer above hears {@code closed(1006)} here.
     */
    public void drop() {
        WebSocket w;
        Socket s;
        synchronized (this) {
            w = ws;
            s = current;
        }
        if (w != null) {
            w.abort();
            s.down(1006, "dropped");
        }
    }

    /** Closes for good with 1000. */
    public void close() {
        WebSocket w;
        synchronized (this) {
            closed = true;
            w = ws;
        }
        if (w != null) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        timer.shutdownNow();
    }

    private final class Socket implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();
        private boolean down;

        @Override
        public void onOpen(WebSocket webSocket) {
            lastHeard = System.nanoTime();
            boolean first;
            synchronized (ReconnectingSocket.this) {
                ws = webSocket;
                current = this;
                attempt = 0;
                first = !everOpened;
                everOpened = true;
                sending = CompletableFuture.completedFuture(null);
            }
            listener.opened(first);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastHeard = System.nanoTime();
            part.append(data);
            if (last) {
                String text = part.toString();
                part.setLength(0);
                try {
                    if (!isDown()) { // what an aborted socket still hands over is asked for again on resume
                        listener.text(text);
                    }
                } catch (RuntimeException e) {
                    // Never leave the socket without demand: it would stop reading and never see its own end.
                    LOG.log(System.Logger.Level.WARNING, "a frame could not be handled; dropping the connection", e);
                    drop();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
            lastHeard = System.nanoTime();
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            down(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            down(1006, String.valueOf(error.getMessage()));
        }

        private synchronized boolean isDown() {
            return down;
        }

        private void down(int code, String reason) {
            synchronized (this) {
                if (down) {
                    return;
                }
                down = true;
            }
            synchronized (ReconnectingSocket.this) {
                if (current != this) {
                    // A socket already replaced (say, closed by the hub with 4000 when the new one
                    // took the session over) closing late must not tear down its successor.
                    return;
                }
                ws = null;
                current = null;
            }
            listener.closed(code, reason);
            retry();
        }
    }
}
