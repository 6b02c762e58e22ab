package io.switchboard.hub;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.FrameSize;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.auth.Action;
import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.JsonText;
import io.switchboard.routing.Message;
import io.switchboard.rpc.SessionCaller;
import io.switchboard.state.StateDocuments;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import jakarta.json.JsonObject;

/**
 * One transport connection: enforces the per-connection limits, opens or resumes the session on
 * the first frame, and carries out each frame. Frames of one connection arrive one at a time.
 */
public final class Connection {
    private final Hub hub;
    private final Link link;
    private final Handshake handshake;
    private final TokenBucket bucket;
    private final Greeter greeter;
    private volatile Session session;
    private volatile long lastSeen;
    private volatile long lastPing;
    private volatile boolean serverClosed;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private long refusedSince;
    private int refusedInWindow;

    Connection(Hub hub, Link link, Handshake handshake) {
        this.hub = hub;
        this.link = link;
        this.handshake = handshake;
        this.bucket = new TokenBucket(hub.limits().rate(), hub.nanos());
        this.greeter = new Greeter(hub);
        this.lastSeen = hub.now();
        this.lastPing = lastSeen;
    }

    public void receive(String text) {
        if (serverClosed) {
            return;
        }
        lastSeen = hub.now();
        hub.stats().framesIn.increment();
        if (!withinRate()) {
            return;
        }
        if (FrameSize.over(text, hub.limits().hardFrame())) {
            // Exactly from hardFrame + 1 bytes (ruling 25), whatever the transport's own stack allows.
            overHardLimit();
            return;
        }
        if (FrameSize.over(text, hub.limits().frame())) {
            reply(null, ErrorCode.TOO_LARGE, "frame is over " + hub.limits().frame() + " bytes");
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

    /**
     * The token bucket of ruling 3. A refused frame gets {@code rate_limited} (one error per 100
     * refusals, so the answer cannot flood back); more refusals than {@code rate} within one
     * second is sustained flooding and closes the connection with 1008.
     */
    private boolean withinRate() {
        long nanos = hub.nanos();
        if (bucket.tryTake(nanos)) {
            return true;
        }
        hub.stats().rateLimited.increment();
        if (nanos - refusedSince > 1_000_000_000L) {
            refusedSince = nanos;
            refusedInWindow = 0;
        }
        if (++refusedInWindow > hub.limits().rate()) {
            if (refusedInWindow == hub.limits().rate() + 1) {
                hub.stats().floodCloses.increment();
            }
            drop(1008, "flooding past the rate limit");
        } else if (refusedInWindow % 100 == 1) {
            reply(null, ErrorCode.RATE_LIMITED, "more than " + hub.limits().rate() + " frames a second; frame dropped");
        }
        return false;
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
        if (s == null) {
            return;
        }
        // Java 17 (the release this WAR targets) has no pattern switch; the sealed type keeps this exhaustive by review.
        if (frame instanceof ClientFrame.Sub sub) {
            withinSubscriptions(s, sub.ch());
            s.subscribe(allowedPattern(s, sub.ch()), sub.since(), sub.id() == null ? null
                    : ServerFrames.okSub(sub.id(), hub.epoch(), hub.latestOffset()));
        } else if (frame instanceof ClientFrame.Pub p) {
            publish(s, p);
        } else if (frame instanceof ClientFrame.Ack a) {
            if (!s.ack(a.seq())) {
                throw new ProtocolException(ErrorCode.BAD_FRAME,
                        "ack " + a.seq() + " is beyond the last seq sent (" + s.lastSeq() + ")");
            }
        } else if (frame instanceof ClientFrame.Unsub u) {
            s.unsubscribe(pattern(u.ch()));
            okIfAsked(s, u.id());
        } else if (frame instanceof ClientFrame.Call c) {
            call(s, c);
        } else if (frame instanceof ClientFrame.Yield y) {
            yielded(s, y);
        } else if (frame instanceof ClientFrame.Register r) {
            ChannelPattern p = pattern(r.ch());
            hub.require(s.identity(), Action.REGISTER, p);
            hub.calls().register(s, p);
            okIfAsked(s, r.id());
        } else if (frame instanceof ClientFrame.Unregister u) {
            hub.calls().unregister(s, pattern(u.ch()));
            okIfAsked(s, u.id());
        } else if (frame instanceof ClientFrame.Watch w) {
            ChannelPath doc = stateChannel(w.ch());
            hub.require(s.identity(), Action.SUBSCRIBE, doc);
            try {
                hub.documents().watch(s, doc, w.id() == null ? null : ServerFrames.ok(w.id()));
            } catch (ProtocolException e) {
                throw counted(e, Budget.DOCUMENTS);
            }
        } else if (frame instanceof ClientFrame.Unwatch u) {
            hub.documents().unwatch(s, stateChannel(u.ch()));
            okIfAsked(s, u.id());
        } else if (frame instanceof ClientFrame.Patch p) {
            patch(s, p);
        } else if (frame instanceof ClientFrame.Ping p) {
            s.sendTransient(ServerFrames.pong(p.id()));
        } else if (frame instanceof ClientFrame.Bye) {
            serverClosed = true;
            hub.endSession(s);
            link.close(1000, "bye");
        } else if (frame instanceof ClientFrame.Pong) {
            return; // traffic: receive() already counted it for the heartbeat
        } else if (frame instanceof ClientFrame.Hello) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "hello is only the first frame");
        } else if (frame instanceof ClientFrame.View v) {
            hub.require(s.identity(), Action.SUBSCRIBE, deviceChannel(v.device()));
            hub.devices().view(s, v.device());
            okIfAsked(s, v.id());
        } else if (frame instanceof ClientFrame.Emit e) {
            if (s.name() != null) {
                hub.require(s.identity(), Action.PUBLISH, deviceChannel(s.name()));
            }
            if (!repeated(s, e.id())) {
                hub.devices().emit(s, e.data().toString());
                answerOk(s, e.id(), ServerFrames.ok(e.id()));
            }
        } else if (frame instanceof ClientFrame.Input i) {
            hub.require(s.identity(), Action.PUBLISH, deviceChannel(i.device()));
            if (!repeated(s, i.id())) {
                hub.devices().input(s, i.device(), i.data().toString());
                answerOk(s, i.id(), ServerFrames.ok(i.id()));
            }
        }
    }

    private void publish(Session s, ClientFrame.Pub p) throws ProtocolException {
        if (!repeated(s, p.id())) {
            Message m = hub.publish(p.ch(), p.data().toString(), p.retain(), s.inbox(), s.identity());
            answerOk(s, p.id(), ServerFrames.okOffset(p.id(), m.off()));
        }
    }

    /**
     * A frame whose id the session used before is answered as the first was (section 3), not
     * carried out again; an empty answer means the first is still running.
     */
    private static boolean repeated(Session s, String id) {
        String earlier = id == null ? null : s.answerTo(id);
        if (earlier == null) {
            return false;
        }
        if (!earlier.isEmpty()) {
            s.sendTransient(earlier);
        }
        return true;
    }

    private static void answerOk(Session s, String id, String ok) {
        if (id != null) {
            s.remember(id, ok);
            s.sendTransient(ok);
        }
    }

    /** Carried out once per id: a repeat while the call runs is ignored, after it the answer is sent again. */
    private void call(Session s, ClientFrame.Call c) throws ProtocolException {
        if (repeated(s, c.id())) {
            return;
        }
        s.remember(c.id(), "");
        long timeout = c.timeout() == null ? Hub.DEFAULT_CALL_TIMEOUT : c.timeout();
        SessionCaller caller = new SessionCaller(s, c.id());
        try {
            hub.call(caller, c.ch(), c.data().toString(), timeout, s.identity());
        } catch (ProtocolException e) {
            hub.stats().errors.increment();
            caller.failed(e.code(), e.getMessage());
        }
    }

    private void yielded(Session s, ClientFrame.Yield y) throws ProtocolException {
        String error = y.error() == null ? null : y.error().getString("message");
        String data = y.error() == null ? y.data().toString() : null;
        if (!hub.calls().yielded(s, y.invoke(), data, error)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "no call of this session waits for invoke " + y.invoke()
                    + " (answered, timed out, or not yours)");
        }
    }

    private void patch(Session s, ClientFrame.Patch p) throws ProtocolException {
        if (!repeated(s, p.id())) {
            ChannelPath doc = stateChannel(p.ch());
            hub.require(s.identity(), Action.PUBLISH, doc);
            long rev;
            try {
                rev = hub.documents().patch(doc, p.merge(), p.ops(), p.base());
            } catch (ProtocolException e) {
                throw counted(e, Budget.DOCUMENTS);
            }
            answerOk(s, p.id(), JsonText.op("ok").raw("id", p.id()).num("rev", rev).toString());
        }
    }

    private ProtocolException counted(ProtocolException e, Budget b) {
        if (e.code() == ErrorCode.OVERLOADED) {
            hub.stats().overloaded(b);
        }
        return e;
    }

    /** A new pattern past {@code limits.subscriptions} is {@code overloaded}; a repeat is fine. */
    private void withinSubscriptions(Session s, String ch) throws ProtocolException {
        int max = hub.limits().budgets().subscriptions();
        if (s.subscriptionCount() >= max && !s.subscribedTo(pattern(ch))) {
            hub.stats().overloaded(Budget.SUBSCRIPTIONS);
            throw new ProtocolException(ErrorCode.OVERLOADED, "this session has " + max
                    + " subscriptions (limits.subscriptions)");
        }
    }

    private static ChannelPath stateChannel(String ch) throws ProtocolException {
        ChannelPath path = Hub.concreteChannel(ch);
        StateDocuments.requireStateChannel(path);
        return path;
    }

    private static void okIfAsked(Session s, String id) {
        if (id != null) {
            s.sendTransient(ServerFrames.ok(id));
        }
    }

    private static ChannelPattern pattern(String ch) throws ProtocolException {
        try {
            return ChannelPattern.parse(ch);
        } catch (BadChannelException e) {
            throw new ProtocolException(ErrorCode.BAD_CHANNEL, e.getMessage());
        }
    }

    /** A device's grants are those of {@code /devices/<name>} (ruling 24). */
    private static ChannelPattern deviceChannel(String device) throws ProtocolException {
        return pattern("/devices/" + device);
    }

    /**
     * Only the owner subscribes under its inbox; {@code /clients/*} patterns are fine (ruling 2).
     * Its own inbox needs no grant; anything else needs the subscribe grant.
     */
    private ChannelPattern allowedPattern(Session s, String ch) throws ProtocolException {
        ChannelPattern p = pattern(ch);
        var seg = p.segments();
        boolean inbox = seg.size() >= 2 && "clients".equals(seg.get(0)) && !seg.get(1).equals("*") && !seg.get(1).equals("**");
        if (inbox && !seg.get(1).equals(s.inbox())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only its owner subscribes to the inbox /clients/" + seg.get(1));
        }
        if (!inbox) {
            hub.require(s.identity(), Action.SUBSCRIBE, p);
        }
        return p;
    }

    /** Errors answering a frame with an id are sequenced (ruling 7); others go out once. */
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
            String open = ServerFrames.errorOpen(id, code, message);
            s.sendSequenced(open);
        }
    }

    public void pong() {
        lastSeen = hub.now();
    }

    /** The transport got a frame whose bytes are not UTF-8 (TCP lines; WebSocket closes with 1007 itself). */
    public void notUtf8() {
        if (serverClosed) {
            return;
        }
        lastSeen = hub.now();
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
        long beat = hub.limits().heartbeat();
        if (now - lastSeen > 2 * beat) {
            drop(1001, "no traffic for two heartbeats");
        } else if (now - lastPing >= beat) {
            lastPing = now;
            link.ping();
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
        if (s == null || s.ended()) {
            return;
        }
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
