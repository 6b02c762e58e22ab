package io.switchboard.sockets;

import io.switchboard.outbound.Wire;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Any {@link Peer} as the pump's {@link Wire}: how {@code /ws} runs as a {@code /mux} topic. A
 * write is one text per frame (or one newline-joined text for clients that asked for {@code
 * batch}) and is done when the peer has taken the last of them, so a topic has one write in flight
 * on its carrier like any socket.
 */
public final class PeerWire implements Wire {
    private final Peer peer;

    public PeerWire(Peer peer) {
        this.peer = peer;
    }

    @Override
    public CompletionStage<Void> write(List<String> frames, boolean joined) {
        if (joined) {
            return peer.send(String.join("\n", frames));
        }
        CompletionStage<Void> last = CompletableFuture.completedFuture(null);
        for (String f : frames) {
            last = peer.send(f);
        }
        return last;
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        peer.close(code, reason);
        return CompletableFuture.completedFuture(null);
    }

    /** A peer has no abort of its own: closing it ends the socket for its endpoint at once. */
    @Override
    public void abort() {
        peer.close(1006, "aborted");
    }

    @Override
    public boolean isOpen() {
        return peer.isOpen();
    }

    @Override
    public void ping() {
        peer.ping();
    }
}
