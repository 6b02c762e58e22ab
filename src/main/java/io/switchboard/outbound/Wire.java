package io.switchboard.outbound;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A connection as the {@link Pump} writes to it: the transport's framing and nothing else. The
 * pump calls {@link #write} and {@link #close} one at a time, never while a write is in flight.
 */
public interface Wire {

    /**
     * Writes {@code frames} as one write: one message holding them all, newline-separated, when
     * {@code joined} (hello's batch), else one message each. Completes once the transport has taken
     * the bytes, exceptionally if it cannot.
     */
    CompletionStage<Void> write(List<String> frames, boolean joined);

    /** Writes the transport's close (a WebSocket close frame, a TCP close line and FIN, a mux {@code uns}). */
    CompletionStage<Void> close(int code, String reason);

    /** Drops the connection now, with no close handshake; harmless when it is already gone. */
    void abort();

    /** Whether the connection is still open (a close handshake not yet finished). */
    boolean isOpen();

    /** A keep-alive probe: a WebSocket ping, or a frame on transports without one. */
    void ping();
}
