package io.switchboard.hub;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Session;

/**
 * The frames of the session itself: {@code ack}, {@code ping}, {@code pong}, {@code bye},
 * {@code refresh}, a late {@code hello}.
 */
final class SessionFrames {
    private final Hub hub;
    private final Connection connection;

    SessionFrames(Hub hub, Connection connection) {
        this.hub = hub;
        this.connection = connection;
    }

    void ack(Session s, ClientFrame.Ack a) throws ProtocolException {
        if (!s.ack(a.seq())) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "ack " + a.seq() + " is beyond the last seq sent (" + s.lastSeq() + ")");
        }
    }

    void ping(Session s, ClientFrame.Ping p) {
        s.sendTransient(ServerFrames.pong(p.id()));
    }

    /** Traffic, nothing more: receiving it already counted for the heartbeat. */
    void pong(Session s, ClientFrame.Pong p) {
    }

    /**
     * A new token for this session, without reconnecting: it must be valid and of the session's
     * user (a token of another user would hand them the session: {@code forbidden}). From now on
     * its roles are the session's grants, its expiry the session's; subscriptions made before stay.
     */
    void refresh(Session s, ClientFrame.Refresh r) throws ProtocolException {
        io.switchboard.auth.Authenticator auth = hub.auth();
        if (auth == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "this hub has no users: there is no token to refresh");
        }
        io.switchboard.auth.Identity next = auth.verify(r.token());
        if (next == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the new token is not valid or has expired");
        }
        io.switchboard.auth.Identity now = s.identity();
        if (now != null && !now.user().equals(next.user())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the new token is of another user");
        }
        s.identify(next);
        s.sendTransient(ServerFrames.okExpires(r.id(), next.expiresAt()));
    }

    void bye(Session s) {
        connection.bye(s);
    }

    /** The first frame opens the session ({@link Connection}); any later hello is a mistake. */
    void hello(Session s, ClientFrame.Hello h) throws ProtocolException {
        throw new ProtocolException(ErrorCode.BAD_FRAME, "hello is only the first frame");
    }
}
