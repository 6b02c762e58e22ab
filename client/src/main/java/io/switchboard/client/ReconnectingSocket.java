package io.switchboard.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The connection layer: a connection that reconnects with backoff and jitter until closed, over a
 * {@link Transport} (a WebSocket, or TCP lines). Sends are queued one after another (the JDK
 * WebSocket takes one send at a time); sends while there is no connection fail, and the layer
 * above decides what to resend. A connection silent for longer than the watchdog allows is dropped.
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
    private final Transport transport;
    private final Listener listener;
    private final Backoff backoff;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-reconnect");
        t.setDaemon(true);
        return t;
    });
    private Transport.Wire wire;
    private Connection current;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean everOpened;
    private boolean closed;
    private int attempt;
    private volatile long lastHeard = System.nanoTime();
    private volatile long silenceLimitNanos = Long.MAX_VALUE;

    /** Over the transport of the URI's scheme ({@link Transport#forUri}). */
    public ReconnectingSocket(URI uri, Backoff backoff, Listener listener) {
        this(Transport.forUri(uri), uri, backoff, listener);
    }

    public ReconnectingSocket(Transport transport, URI uri, Backoff backoff, Listener listener) {
        this.transport = transport;
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
        transport.open(uri, new Connection()).whenComplete((v, t) -> {
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
        Transport.Wire w = wire;
        if (w == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        sending = sending.handle((r, t) -> null).thenCompose(v -> w.send(text));
        return sending;
    }

    public synchronized boolean connected() {
        return wire != null;
    }

    /**
     * Drops the current connection without a close handshake (it then reconnects). A transport's
     * abort need not tell its events anything, so the layer above hears {@code closed(1006)} here.
     */
    public void drop() {
        Transport.Wire w;
        Connection c;
        synchronized (this) {
            w = wire;
            c = current;
        }
        if (w != null) {
            // Down first: the transport's own report of the abort ("Socket closed") then finds it
            // already down, so the layer above always hears why it was dropped.
            c.closed(1006, "dropped");
            w.abort();
        }
    }

    /** Closes for good with 1000. */
    public void close() {
        Transport.Wire w;
        CompletableFuture<?> pending;
        synchronized (this) {
            closed = true;
            w = wire;
            pending = sending;
        }
        if (w != null) {
            // After the sends already queued (the bye above all): on TCP a FIN before it would lose it.
            pending.handle((r, t) -> null).thenCompose(v -> w.close()).orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(t -> null).join();
        }
        timer.shutdownNow();
    }

    /** One connection's events; once it is down, nothing more of it reaches the layer above. */
    private final class Connection implements Transport.Events {
        private boolean down;

        @Override
        public void opened(Transport.Wire w) {
            lastHeard = System.nanoTime();
            boolean first;
            synchronized (ReconnectingSocket.this) {
                wire = w;
                current = this;
                attempt = 0;
                first = !everOpened;
                everOpened = true;
                sending = CompletableFuture.completedFuture(null);
            }
            listener.opened(first);
        }

        @Override
        public void heard() {
            lastHeard = System.nanoTime();
        }

        @Override
        public void text(String text) {
            try {
                if (!isDown()) { // what an aborted connection still hands over is asked for again on resume
                    listener.text(text);
                }
            } catch (RuntimeException e) {
                // Never leave the connection half-handled: it would stop reading and never see its own end.
                LOG.log(System.Logger.Level.WARNING, "a frame could not be handled; dropping the connection", e);
                drop();
            }
        }

        private synchronized boolean isDown() {
            return down;
        }

        @Override
        public void closed(int code, String reason) {
            synchronized (this) {
                if (down) {
                    return;
                }
                down = true;
            }
            synchronized (ReconnectingSocket.this) {
                if (current != this) {
                    // A connection already replaced (say, closed by the hub with 4000 when the new one
                    // took the session over) closing late must not tear down its successor.
                    return;
                }
                wire = null;
                current = null;
            }
            listener.closed(code, reason);
            retry();
        }
    }
}
