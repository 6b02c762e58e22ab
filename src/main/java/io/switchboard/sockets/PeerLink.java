package io.switchboard.sockets;

import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hub session's {@link Link} over any {@link Peer}: how {@code /ws} runs as a {@code /mux} topic.
 * One write in flight, like the direct WebSocket link: the pump drains the outbox (up to 64 KB),
 * sends it (one text, newline-joined, when the client asked for {@code batch}; else one text per
 * frame) and drains again once the peer has taken the last text. {@code scheduled} guards
 * against a second pump; the pump runs on whichever thread woke it or completed the send.
 */
public final class PeerLink implements Link {
    private static final int WRITE_CHARS = 64 * 1024;

    private final Peer peer;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Session source;
    private volatile int closeCode;
    private volatile String closeReason;

    public PeerLink(Peer peer) {
        this.peer = peer;
    }

    @Override
    public void bind(Session session) {
        this.source = session;
    }

    @Override
    public void wake() {
        if (scheduled.compareAndSet(false, true)) {
            pump();
        }
    }

    private void pump() {
        while (true) {
            Session s = source;
            List<String> batch = new ArrayList<>();
            int n = s == null ? 0 : s.drainTo(this, batch, WRITE_CHARS);
            if (n == 0) {
                if (closeReason != null) {
                    peer.close(closeCode, closeReason);
                    return;
                }
                scheduled.set(false);
                boolean more = closeReason != null || (s != null && s.hasToWrite(this));
                if (more && scheduled.compareAndSet(false, true)) {
                    continue;
                }
                return;
            }
            CompletionStage<Void> last = send(batch, s.batch());
            var done = last.toCompletableFuture();
            if (!done.isDone()) {
                last.whenComplete((r, t) -> {
                    if (t == null) {
                        pump();
                    }
                });
                return;
            }
            if (done.isCompletedExceptionally()) {
                return;
            }
        }
    }

    private CompletionStage<Void> send(List<String> frames, boolean joined) {
        if (joined) {
            return peer.send(String.join("\n", frames));
        }
        CompletionStage<Void> last = null;
        for (String f : frames) {
            last = peer.send(f);
        }
        return last;
    }

    @Override
    public void ping() {
        peer.ping();
    }

    /** The hub closes after what it queued: the pump hands the rest over, then closes. */
    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason == null ? "" : reason;
        wake();
    }
}
