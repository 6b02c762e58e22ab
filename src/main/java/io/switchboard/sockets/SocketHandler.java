package io.switchboard.sockets;

/**
 * One open socket's behaviour, made by {@link SocketEndpoint#open}. The carrier calls it one event
 * at a time per socket: texts in arrival order, then {@link #closed} exactly once, however the
 * socket ended (the peer's close, {@link Peer#close}, a failed write, a dropped connection).
 */
public interface SocketHandler {

    /** Does nothing: for a socket refused in {@link SocketEndpoint#open} (already closed there). */
    SocketHandler IGNORE = new SocketHandler() {
        @Override
        public void text(String text) {
        }

        @Override
        public void binary() {
        }

        @Override
        public void closed(int code) {
        }
    };

    void text(String text);

    /**
     * A binary message arrived. The carrier does not hand over its bytes: no endpoint of this hub
     * speaks binary, and each closes with 1003, usually through {@link Peer#close}.
     */
    void binary();

    /** The peer answered a {@link Peer#ping} (or, over a mux, its carrier socket showed life). */
    default void pong() {
    }

    /** The socket is closed; {@code code} is the close code seen (1006 when there was none). */
    void closed(int code);
}
