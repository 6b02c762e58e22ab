package io.switchboard.hub;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import jakarta.json.JsonObject;

/**
 * One transport connection: holds it to its limits ({@link ConnectionGuard}), opens or resumes the
 * session on the first frame, hands each frame on ({@link FrameDispatch}) and answers what went
 * wrong. Frames of one connection arrive one at a time.
 */
public final class Connection {
    private final Hub hub;
    private final Link link;
    private final Handshake handshake;
    private final ConnectionGuard guard;
    private final Greeter greeter;
    private final FrameDispatch frames;
    private volatile Session session;
    private volatile boolean serverClosed;
    /** The expiry of the token last warned of with {@code expiring} (heartbeat thread only). */
    private long warnedFor;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** How long before its token expires a session hears {@code expiring}. */
    static final long EXPIRY_WARNING_MS = 60_000;

    Connection(Hub hub, Link link, Handshake handshake) {
        this.hub = hub;
        this.link = link;
        this.handshake = handshake;
        this.guard = new ConnectionGuard(hub.limits(), hub.stats(), hub.nanos(), hub.now());
        this.greeter = new Greeter(hub);
        this.frames = new FrameDispatch(hub, this);
    }

    public void receive(String text) {
        Session current = session;
        // An ended session (an admin disconnected it) acts on nothing more, while its close is under way.
        if (serverClosed || (current != null && current.ended())) {
            return;
        }
        guard.seen(hub.now());
        hub.stats().framesIn.increment();
        if (!withinRate() || !withinSize(text)) {
            return;
        }
        JsonObject obj;
        try {
            obj = hub.codec().parse(text);
        } catch (ProtocolException e) {
            reply(null, e.code(), e.getMessage());
            return;
        }
        String id = FrameCodec.idOf(obj);
        try {
            ClientFrame frame = hub.codec().decode(obj);
            if (session == null && frame instanceof ClientFrame.Hello hello) {
                open(hello);
            } else {
                carryOut(frame);
            }
        } catch (ProtocolException e) {
            reply(id, e.code(), e.getMessage());
        }
    }

    /** A switch expression, so a new verdict of the guard does not compile until it is handled here. */
    private boolean withinRate() {
        return switch (guard.take(hub.nanos())) {
            case PASS -> true;
            case REFUSED -> false;
            case REFUSED_ANSWERED -> {
                reply(null, ErrorCode.RATE_LIMITED, "more than " + hub.limits().rate() + " frames a second; frame dropped");
                yield false;
            }
            case FLOODING -> {
                drop(1008, "flooding past the rate limit");
                yield false;
            }
        };
    }

    private boolean withinSize(String text) {
        return switch (guard.size(text)) {
            case FITS -> true;
            case TOO_LARGE -> {
                reply(null, ErrorCode.TOO_LARGE, "frame is over " + hub.limits().frame() + " bytes");
                yield false;
            }
            case OVER_HARD_LIMIT -> {
                overHardLimit();
                yield false;
            }
        };
    }

    private void open(ClientFrame.Hello hello) throws ProtocolException {
        Greeter.Opened opened = greeter.open(hello, handshake, link);
        if (opened == null) {
            serverClosed = true;
            return;
        }
        session = opened.session();
    }

    private Session ensureSession() throws ProtocolException {
        if (session == null) {
            open(new ClientFrame.Hello(null, null, null, null, null, false));
        }
        return session;
    }

    private void carryOut(ClientFrame frame) throws ProtocolException {
        Session s = ensureSession();
        if (s != null) {
            frames.carryOut(frame, s);
        }
    }

    /** The client said {@code bye}: its session ends, whatever its resumability. */
    void bye(Session s) {
        serverClosed = true;
        hub.endSession(s);
        link.close(1000, "bye");
    }

    /** Errors answering a frame with an id are sequenced; others go out once. */
    private void reply(String id, ErrorCode code, String message) {
        hub.stats().errors.increment();
        Session s = session;
        if (s == null) {
            try {
                s = ensureSession();
            } catch (ProtocolException e) {
                s = null;
            }
            if (s == null) {
                return;
            }
        }
        if (id == null) {
            s.sendTransient(ServerFrames.error(code, message));
        } else {
            s.sendSequenced(ServerFrames.errorOpen(id, code, message));
        }
    }

    public void pong() {
        guard.seen(hub.now());
    }

    /** The transport got a frame whose bytes are not UTF-8 (TCP lines; WebSocket closes with 1007 itself). */
    public void notUtf8() {
        if (serverClosed) {
            return;
        }
        guard.seen(hub.now());
        hub.stats().framesIn.increment();
        reply(null, ErrorCode.BAD_JSON, "the frame is not UTF-8");
    }

    /**
     * The transport saw a frame pass {@code limits.hardFrame} before its end (where its own stack
     * does not close by itself, as Tyrus does on /ws): {@code too_large}, then close with 1009.
     */
    public void overHardLimit() {
        if (serverClosed) {
            return;
        }
        reply(null, ErrorCode.TOO_LARGE, "frame is over the hard limit of " + hub.limits().hardFrame() + " bytes");
        drop(1009, "frame too large");
    }

    void heartbeat(long now) {
        Session s = session;
        if (s != null && s.identity() != null && s.identity().expired(now)) {
            reply(null, ErrorCode.UNAUTHORIZED, "the session's token expired");
            drop(1008, "token expired");
            return;
        }
        warnOfExpiry(s, now);
        switch (guard.beat(now)) {
            case SILENT -> drop(1001, "no traffic for two heartbeats");
            case PING -> link.ping();
            case QUIET -> {
            }
        }
    }

    /**
     * Once per token, when it has at most {@link #EXPIRY_WARNING_MS} left (checked each heartbeat, so
     * within a tick of that): {@code expiring}, so the client refreshes in time. A refreshed token has
 * an expiry of its own, so it is warned of in turn.
     */
    private void warnOfExpiry(Session s, long now) {
        if (s == null || s.identity() == null || s.identity().expiresAt() == Long.MAX_VALUE) {
            return;
        }
        long left = s.identity().expiresAt() - now;
        if (left <= EXPIRY_WARNING_MS && warnedFor != s.identity().expiresAt()) {
            warnedFor = s.identity().expiresAt();
            s.sendTransient(ServerFrames.expiring(Math.max(0, left)));
        }
    }

    /** The server closes the connection; a resumable session stays for {@code sessionTtl}. */
    void drop(int code, String reason) {
        serverClosed = true;
        link.close(code, reason);
    }

    /** The transport saw the connection close. A clean close by the client ends the session. */
    public void closed(int code) {
        if (!closed.compareAndSet(false, true)) {
            return; // a link the pump aborted reports it, and the transport may report the same close too
        }
        hub.forget(this, handshake.remoteAddress());
        Session s = session;
        if (s == null) {
            return;
        }
        if (!s.ended()) {
            leave(s, code);
        }
        hub.events().disconnected(s, code);
    }

    /** A resumable session the client did not close cleanly waits for a resume; any other ends. */
    private void leave(Session s, int code) {
        // A close the hub started is never the client's clean close, whatever code the transport then reports.
        boolean cleanByClient = !serverClosed && !link.closedByHub() && (code == 1000 || code == 1001);
        if (s.resumable() && !cleanByClient) {
            if (s.link() == link) {
                s.detach(link, hub.now());
                hub.devices().disconnected(s);
            }
        } else if (s.link() == link || s.link() == null) {
            hub.endSession(s);
        }
    }

    public Session session() {
        return session;
    }
}
