package io.switchboard.sockets;

/**
 * What one socket path does, independent of its carrier. The same endpoint serves a direct
 * WebSocket to its path and a {@code /mux} topic naming that path, so a topic "behaves exactly as
 * a direct socket" with no loopback connection inside the server.
 *
 * <p>{@link #open} is called once per socket, before any of its events, on the carrier's thread;
 * it may send at once. To refuse a socket (bad token, bad path), it closes the peer with the code
 * the protocol names and returns {@link SocketHandler#IGNORE}.
 */
@FunctionalInterface
public interface SocketEndpoint {

    SocketHandler open(SocketRequest request, Peer peer);
}
