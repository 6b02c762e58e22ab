package io.switchboard.outbound;

import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * A hub session's {@link Link} over any transport: the session's outbox is the {@link Pump}'s
 * backlog, the transport's {@link Wire} its framing. Only the session's current link drains its
 * outbox, so a link that was replaced writes nothing meant for its successor.
 */
public final class SessionLink implements Link, Backlog {
    private final Pump pump;
    private volatile Session source;

    public SessionLink(Wire wire, Executor executor, ScheduledExecutorService timers, LongSupplier clock,
                       long graceMillis, IntConsumer wrote, Runnable onAbort) {
        this.pump = new Pump(wire, this, executor, timers, clock, graceMillis, wrote, onAbort);
    }

    @Override
    public void bind(Session session) {
        this.source = session;
    }

    @Override
    public void wake() {
        pump.wake();
    }

    @Override
    public void ping() {
        pump.ping();
    }

    @Override
    public void close(int code, String reason) {
        pump.close(code, reason);
    }

    @Override
    public boolean closedByHub() {
        return pump.closing() || pump.aborted();
    }

    /** Drops the connection now (the transport is stopping, or its peer misbehaved below the protocol). */
    public void abort() {
        pump.abort();
    }

    @Override
    public int drainTo(List<String> out, int maxChars) {
        Session s = source;
        return s == null ? 0 : s.drainTo(this, out, maxChars);
    }

    @Override
    public boolean isEmpty() {
        Session s = source;
        return s == null || !s.hasToWrite(this);
    }

    @Override
    public boolean joined() {
        Session s = source;
        return s != null && s.batch();
    }
}
