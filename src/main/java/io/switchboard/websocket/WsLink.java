package io.switchboard.websocket;

import io.switchboard.hub.HubStats;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket connection as the hub's {@link Link}. Writes run on the flusher executor with one
 * write in flight: the pump takes everything pending in the session's outbox (up to 64 KB) and
 * hands it to the {@link FrameWriter} as one write; the write's completion resumes the pump.
 * Whatever piles up meanwhile goes out together in the next write, so a busy connection costs
 * one write per flush, not one per frame. {@code scheduled} guards against a second pump.
 */
final class WsLink implements Link {
    private static final System.Logger LOG = System.getLogger(WsLink.class.getName());
    private static final int WRITE_CHARS = 64 * 1024;
    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private final jakarta.websocket.Session ws;
    private final FrameWriter writer;
    private final Executor flusher;
    private final HubStats stats;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<String> batch = new ArrayList<>();
    private volatile Session source;
    private volatile CloseReason closing;

    WsLink(jakarta.websocket.Session ws, FrameWriter writer, Executor flusher, HubStats stats) {
        this.ws = ws;
        this.writer = writer;
        this.flusher = flusher;
        this.stats = stats;
    }

    @Override
    public void bind(Session session) {
        this.source = session;
    }

    @Override
    public void wake() {
        if (scheduled.compareAndSet(false, true)) {
            flusher.execute(this::pump);
        }
    }

    private void pump() {
        while (true) {
            Session s = source;
            batch.clear();
            int n = s == null ? 0 : s.drainTo(this, batch, WRITE_CHARS);
            if (n == 0) {
                if (closing != null) {
                    closeNow();
                    return;
                }
                scheduled.set(false);
                boolean more = closing != null || (s != null && s.hasToWrite(this));
                if (more && scheduled.compareAndSet(false, true)) {
                    continue;
                }
                return;
            }
            stats.wrote(n);
            CompletableFuture<Void> written = writer.write(List.copyOf(batch), s.batch());
            if (!written.isDone()) {
                written.whenComplete((r, t) -> afterWrite(t, true));
                return;
            }
            if (!afterWrite(written.isCompletedExceptionally() ? failure(written) : null, false)) {
                return;
            }
        }
    }

    /** True if the pump may go on in this thread. */
    private boolean afterWrite(Throwable t, boolean resume) {
        if (t != null) {
            LOG.log(System.Logger.Level.DEBUG, "write failed, closing: {0}", String.valueOf(t));
            closing = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed");
            closeNow();
            return false;
        }
        if (resume) {
            flusher.execute(this::pump);
        }
        return true;
    }

    private static Throwable failure(CompletableFuture<Void> f) {
        try {
            f.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    @Override
    public void ping() {
        try {
            ws.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ping failed: {0}", String.valueOf(e));
        }
    }

    @Override
    public void close(int code, String reason) {
        closing = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        wake();
    }

    private void closeNow() {
        try {
            if (ws.isOpen()) {
                ws.close(closing);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", String.valueOf(e));
        }
    }
}
