package io.switchboard.hub;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Session;

/** The frames of the session itself (section 3): {@code ack}, {@code ping}, {@code pong}, {@code bye}, a late {@code hello}. */
final class SessionFrames {
    private final Connection connection;

    SessionFrames(Connection connection) {
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

    void bye(Session s) {
        connection.bye(s);
    }

    /** The first frame opens the session ({@link Connection}); any later hello is a mistake. */
    void hello(Session s, ClientFrame.Hello h) throws ProtocolException {
        throw new ProtocolException(ErrorCode.BAD_FRAME, "hello is only the first frame");
    }
}
