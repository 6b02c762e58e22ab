package io.switchboard.websocket;

import io.switchboard.outbound.Pump;
import io.switchboard.outbound.TextQueue;
import io.switchboard.sockets.Peer;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * A direct WebSocket as a {@link Peer}: its texts wait in a bounded {@link TextQueue} and the
 * socket's {@link Pump} writes them (the Tyrus raw-frame fast path where it is on). Past the
 * queue's bound the peer is a slow consumer: closed with 1013, later texts refused. The heartbeat
 * (pings, and 1001 after two beats of silence) is driven by {@link Sockets}; any frame or pong the
 * socket receives is life ({@link #heard}), for every {@code /mux} topic it carries too.
 */
final class WsPeer implements Peer {
    private static final System.Logger LOG = System.getLogger(WsPeer.class.getName());

    private final jakarta.websocket.Session ws;
    private final TextQueue queue;
    private final Pump pump;
    private final LongSupplier clock;
    private volatile long lastHeard;
    private volatile long lastPinged;

    WsPeer(jakarta.websocket.Session ws, FrameWriter writer, Executor flusher, ScheduledExecutorService timers,
           LongSupplier clock, long graceMillis, int maxQueued, long maxChars) {
        this.ws = ws;
        this.clock = clock;
        this.queue = new TextQueue(maxQueued, maxChars);
        this.pump = new Pump(new TyrusWire(ws, writer), queue, flusher, timers, clock, graceMillis, n -> { },
                queue::discard);
        this.lastHeard = clock.getAsLong();
        this.lastPinged = lastHeard;
    }

    @Override
    public CompletionStage<Void> send(String text) {
        if (pump.closing() || pump.aborted()) {
            return CompletableFuture.failedFuture(new IOException("socket closing"));
        }
        CompletionStage<Void> sent = queue.offer(text);
        if (sent == null) {
            LOG.log(System.Logger.Level.WARNING, "slow consumer on {0}: the socket's queue is full, closing with 1013",
                    ws.getRequestURI().getPath());
            close(1013, "slow consumer");
            return CompletableFuture.failedFuture(new IOException("slow consumer"));
        }
        pump.wake();
        return sent;
    }

    @Override
    public void close(int code, String reason) {
        pump.close(code, reason);
    }

    /** Whether the hub closed or aborted this socket (what the peer reports afterwards is not its own close). */
    boolean closedByHub() {
        return pump.closing() || pump.aborted();
    }

    @Override
    public boolean isOpen() {
        return ws.isOpen() && !pump.aborted();
    }

    /** The peer showed life (a message or a pong). */
    void heard() {
        lastHeard = clock.getAsLong();
    }

    /** The heartbeat: a ping each {@code beat} ms, closed with 1001 after two beats of silence. */
    void heartbeat(long now, long beat) {
        if (now - lastHeard > 2 * beat) {
            close(1001, "no traffic for two heartbeats");
        } else if (now - lastPinged >= beat) {
            lastPinged = now;
            ping();
        }
    }

    @Override
    public void ping() {
        pump.ping();
    }

    /** The socket ended: what is still queued will never be written. */
    void ended() {
        queue.discard();
    }
}
