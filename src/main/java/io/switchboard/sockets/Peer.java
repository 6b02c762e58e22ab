package io.switchboard.sockets;

import java.util.concurrent.CompletionStage;

/**
 * The far end of one open socket, as an endpoint writes to it, whatever carries it (a direct
 * WebSocket, or one topic of a multiplexing socket).
 *
 * <p>Contract for implementations:
 * <ul>
 * <li>{@link #send} never blocks and may be called from any thread; texts go out in the order
 *     they were sent, each as one text message of the socket (one {@code msg,<topic>,<text>} frame
 *     over {@code /mux}). The stage completes once the text is handed to the network (or to the
 *     carrier's own queue), exceptionally if the socket is gone.</li>
 * <li>An implementation bounds what it holds for a peer that does not read: past its bound it
 *     closes the socket with 1013 (slow consumer) rather than grow or block the sender.</li>
 * <li>{@link #close} writes what is already queued first, then closes; closing twice is harmless.
 *     Either way the endpoint's {@link SocketHandler#closed} is called once.</li>
 * <li>{@link #ping} is a keep-alive probe; the answer arrives as {@link SocketHandler#pong}. A
 *     carrier without per-socket pings (a mux topic) calls {@code pong} whenever the carrying
 *     socket shows life.</li>
 * </ul>
 */
public interface Peer {

    CompletionStage<Void> send(String text);

    void close(int code, String reason);

    void ping();

    /** Whether the socket is still open: false once it was closed, by either side. */
    default boolean isOpen() {
        return true;
    }
}
