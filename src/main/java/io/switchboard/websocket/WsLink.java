package io.switchboard.websocket;

import io.switchboard.hub.HubStats;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket connection as the hub's {@link Link}. Writes happen on the flusher executor, one
 * send in flight: a pump takes the next frame (or, for batching clients, everything pending in
 * one message) from the session's outbox and sends it; the send's completion resumes the pump.
 * The {@code scheduled} flag is the one-pump-at-a-time guard.
 */
final class WsLink implements Link {
    private static final System.Logger LOG = System.getLogger(WsLink.class.getName());
    private static final int BATCH_CHARS = 64 * 1024;
    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private final jakarta.websocket.Session ws;
    private final RemoteEndpoint.Async remote;
    private final Executor flusher;
    private final HubStats stats;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Session source;
    private volatile CloseReason closing;

    WsLink(jakarta.websocket.Session ws, Executor flusher, HubStats stats) {
        this.ws = ws;
        this.remote = ws.getAsyncRemote();
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
            String next = s == null ? null : (s.batch() ? s.nextBatch(BATCH_CHARS) : s.nextToWrite());
            if (next == null) {
                if (closing != null) {
                    closeNow();
                    return;
                }
                scheduled.set(false);
                boolean more = closing != null || (s != null && s.hasToWrite());
                if (more && scheduled.compareAndSet(false, true)) {
                    continue;
                }
                return;
            }
            if (!send(next)) {
                return;
            }
        }
    }

    /** True if the send completed at once and the pump may go on; else its completion resumes it. */
    private boolean send(String text) {
        AtomicInteger steps = new AtomicInteger();
        try {
            remote.sendText(text, result -> {
                if (!result.isOK()) {
                    failed(result.getException());
                } else if (steps.incrementAndGet() == 2) {
                    flusher.execute(this::pump);
                }
            });
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
        stats.wrote(frames(text));
        return steps.incrementAndGet() == 2;
    }

    private static int frames(String text) {
        int n = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            n++;
        }
        return n;
    }

    private void failed(Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "send failed, closing: {0}", String.valueOf(t));
        closing = new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
        closeNow();
    }

    @Override
    public void ping() {
        try {
            remote.sendPing(PING.duplicate());
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
                ws.close(closing.getCloseCode().getCode() == 1006
                        ? new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed") : closing);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", String.valueOf(e));
        }
    }
}
