package io.switchboard.hub;

import io.switchboard.auth.Identity;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Kind;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import java.util.UUID;

/** Answers {@code hello}: opens a new session or resumes the client's live one. */
final class Greeter {
    private static final System.Logger LOG = System.getLogger(Greeter.class.getName());
    record Opened(Session session, boolean resumed) {
    }

    private final Hub hub;

    Greeter(Hub hub) {
        this.hub = hub;
    }

    /** The opened session, or null if its name is taken (the caller closes with 1008). */
    Opened open(ClientFrame.Hello hello, Handshake handshake, Link link) throws ProtocolException {
        Kind kind = kindOf(hello, handshake);
        String name = segment(hello.name(), "name");
        boolean resumable = hello.client() != null;
        String client = resumable ? segment(hello.client(), "client") : UUID.randomUUID().toString();
        Identity who = null;
        if (hub.auth() != null) {
            String token = hello.token() != null ? hello.token() : handshake.accessToken();
            who = token == null ? null : hub.auth().verify(token);
            if (who == null) {
                refuse(link, ErrorCode.UNAUTHORIZED, token == null ? "this hub needs a token (hello.token or access_token)"
                        : "the token is not valid or has expired");
                return null;
            }
            if (name != null && !hub.claimNameFor(name, who.user())) {
                refuse(link, ErrorCode.FORBIDDEN, "the name '" + name + "' belongs to another user");
                return null;
            }
        }
        if (!admittedByApplication(who, client, name, handshake)) {
            refuse(link, ErrorCode.FORBIDDEN, "the application refused this connection");
            return null;
        }
        // Whose the session is is asked first: finding it may take it from another node and kick
        // its connection, which a token of another user must not do.
        String owner = who == null ? null : hub.sessions().userOf(client);
        if (owner != null && !owner.equals(who.user())) {
            refuse(link, ErrorCode.FORBIDDEN, "that session belongs to another user");
            return null;
        }
        Session existing = hub.sessions().find(client, hello.resumeSeq() == null ? 0 : hello.resumeSeq());
        if (who != null && existing != null && existing.identity() != null && !existing.identity().user().equals(who.user())) {
            refuse(link, ErrorCode.FORBIDDEN, "that session belongs to another user");
            return null;
        }
        Identity opener = who;
        String user = who == null ? null : who.user();
        SessionBudgets.Place place = null;
        if (existing == null || existing.ended()) {
            place = hub.sessionBudgets().admit(user, handshake);
            if (place.refused()) {
                refuse(link, ErrorCode.OVERLOADED, place.over() == Budget.SESSIONS_PER_USER
                        ? "this user has " + hub.limits().budgets().sessionsPerUser() + " live sessions (limits.sessionsPerUser)"
                        : "this address has " + hub.sessionBudgets().addressBound(handshake) + " live "
                        + ("poll".equals(handshake.transport()) ? "poll sessions (limits.sessionsPerAddress)"
                        : "or detached socket sessions (limits.connectionsPerAddress)"), 1013);
                return null;
            }
        }
        Session session;
        try {
            session = existing != null && !existing.ended() ? existing
                    : hub.sessions().findOrCreate(client, c -> opened(c, name, kind, resumable, opener));
        } catch (RuntimeException e) {
            if (place != null) {
                hub.sessionBudgets().release(place);
            }
            throw e;
        }
        boolean resumed = session == existing;
        if (place != null && resumed) {
            hub.sessionBudgets().release(place);
        } else if (place != null) {
            hub.sessionBudgets().opened(session, place);
        }
        if (!resumed && !hub.sessions().claimInbox(session.inbox(), client)) {
            hub.sessionBudgets().ended(session);
            hub.sessions().remove(session);
            refuse(link, ErrorCode.NAME_TAKEN, "the name '" + session.inbox() + "' is held by a live session");
            return null;
        }
        session.identify(who);
        Link previous = session.link();
        if (previous != null && previous != link) {
            previous.close(4000, "session taken over by a newer connection");
        }
        if (!resumed) {
            session.subscribe(inboxPattern(session), null, null);
        }
        long seq = hello.resumeSeq() == null ? 0 : hello.resumeSeq();
        session.carriedBy(handshake.transport(), hub.now());
        session.attach(link, seq, hello.batch(), welcome(session, resumed));
        hub.devices().connected(session);
        hub.events().connected(session, handshake.transport(), resumed);
        if (resumed && seq > session.lastSeq()) {
            session.sendTransient(ServerFrames.error(ErrorCode.BAD_FRAME, "resume.seq " + seq
                    + " is beyond the last seq sent (" + session.lastSeq() + "); nothing was resent"));
        }
        return new Opened(session, resumed);
    }

    /** The application's authorizer on a {@code hello}; one that throws refuses. */
    private boolean admittedByApplication(Identity who, String client, String name, Handshake handshake) {
        Authorizer a = hub.authorizer();
        if (a == Authorizer.ALLOW_ALL) {
            return true;
        }
        try {
            return a.connect(Asker.of(who, name != null ? name : client), client, name, handshake.transport());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the authorizer failed on a connect; refused", e);
            return false;
        }
    }

    /** A new session, identified before the store records it (a cluster store records its user). */
    private Session opened(String client, String name, Kind kind, boolean resumable, Identity who) {
        Budgets b = hub.limits().budgets();
        Session s = new Session(hub.router(), client, UUID.randomUUID().toString(), name, kind, resumable, hub.limits().queue(),
                b.queueBytes(), b.recentIds(), hub.listener());
        s.identify(who);
        return s;
    }

    /** Says why on a throwaway session, then closes with 1008. */
    private void refuse(Link link, ErrorCode code, String message) {
        refuse(link, code, message, 1008);
    }

    private void refuse(Link link, ErrorCode code, String message, int closeCode) {
        Session throwaway = new Session(hub.router(), UUID.randomUUID().toString(), "-", null, Kind.DEVICE, false, 16,
                hub.listener());
        throwaway.attach(link, 0, false, ServerFrames.error(code, message));
        link.close(closeCode, code.wire());
    }

    private String welcome(Session s, boolean resumed) {
        Limits l = hub.limits();
        return JsonText.op("welcome").str("client", s.client()).str("name", s.name()).str("kind", s.kind().wire())
                .str("session", s.id()).bool("resumed", resumed).str("epoch", hub.epoch())
                .num("heartbeat", l.heartbeat()).raw("limits", l.toJson()).toString();
    }

    private static Kind kindOf(ClientFrame.Hello hello, Handshake handshake) throws ProtocolException {
        if (hello.kind() == null) {
            return Kind.fromUserAgent(handshake.userAgent());
        }
        Kind k = Kind.fromWire(hello.kind());
        if (k == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "kind must be device, browser or service");
        }
        return k;
    }

    /**
     * Names and client ids become inbox channels, so they must be plain channel segments, and
     * without the {@code *} a channel segment may hold: a name reads as a name, never as a pattern.
     */
    private static String segment(String value, String field) throws ProtocolException {
        if (value == null) {
            return null;
        }
        try {
            ChannelPattern p = ChannelPattern.parse("/clients/" + value);
            if (p.isWildcard() || p.segments().size() != 2 || !p.segments().get(1).equals(value)
                    || value.indexOf('*') >= 0) {
                throw new BadChannelException(field);
            }
        } catch (BadChannelException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, field + " must be 1-64 characters of A-Z a-z 0-9 - _ . ~ : @");
        }
        return value;
    }

    private static ChannelPattern inboxPattern(Session s) {
        try {
            return ChannelPattern.parse("/clients/" + s.inbox() + "/**");
        } catch (BadChannelException e) {
            throw new IllegalStateException("inbox names are checked on hello", e);
        }
    }
}
