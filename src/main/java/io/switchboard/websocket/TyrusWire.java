package io.switchboard.websocket;

import io.switchboard.outbound.Wire;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A direct WebSocket as the pump's {@link Wire}: frames through the {@link FrameWriter}, the close handshake, pings. */
final class TyrusWire implements Wire {
    private static final System.Logger LOG = System.getLogger(TyrusWire.class.getName());
    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private final Session ws;
    private final FrameWriter writer;

    TyrusWire(Session ws, FrameWriter writer) {
        this.ws = ws;
        this.writer = writer;
    }

    @Override
    public CompletionStage<Void> write(List<String> frames, boolean joined) {
        return writer.write(frames, joined);
    }

    /** Tyrus queues the close frame behind the write in flight and ends the socket once the peer answers. */
    @Override
    public CompletionStage<Void> close(int code, String reason) {
        try {
            if (ws.isOpen()) {
                ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
            return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void abort() {
        TyrusConnections.abort(ws);
    }

    @Override
    public boolean isOpen() {
        return ws.isOpen();
    }

    @Override
    public void ping() {
        try {
            ws.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ping failed: {0}", String.valueOf(e));
        }
    }
}
