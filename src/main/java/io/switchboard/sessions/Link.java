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
     * Closes the connection with a WebSocket close code, after the write in flight and what is
     * pending at this moment (so an error can precede its close), never after frames queued later.
     */
    void close(int code, String reason);

    /**
     * Whether the hub closed (or aborted) this connection, so whatever close code the transport
     * reports afterwards is not the client's own clean close.
     */
    default boolean closedByHub() {
        return false;
    }
}
