package io.switchboard.sessions;

/**
 * A session's current connection, as a transport offers it. Transports pull what to write from
 * the session's outbox ({@link Session#nextToWrite}) with at most one write in flight.
 */
public interface Link {

    /** The session this connection now writes for; called before the first {@link #wake}. */
    void bind(Session session);

    /** The outbox has frames to write; returns at once. */
    void wake();

    /** A keep-alive probe (a WebSocket ping, or a frame on transports without one). */
    void ping();

    /**
     * Closes the connection with a WebSocket close code, after the frames already in the outbox
     * are written (so an error can precede its close).
     */
    void close(int code, String reason);
}
