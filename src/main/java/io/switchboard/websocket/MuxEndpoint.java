package io.switchboard.websocket;

import io.switchboard.hub.Budget;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.FrameSize;
import io.switchboard.mux.Multiplexer;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * {@code WS /mux}: websocket-multiplex frames over one WebSocket, each topic a socket of this
 * server ({@link Multiplexer}). The socket itself is written through a {@link WsPeer} (one write
 * in flight, bounded, the raw-frame fast path when on), which every topic shares, so a client that
 * stops reading is one slow consumer (1013) however many topics it has. Not itself a
 * {@code SocketEndpoint}: a topic naming {@code /mux} is answered {@code uns}.
 */
@ServerEndpoint(value = "/mux", configurator = HandshakeCapture.class)
public class MuxEndpoint {
    private static final System.Logger LOG = System.getLogger(MuxEndpoint.class.getName());
    /** Room for {@code msg,<topic>,} around a frame of the largest size a topic's socket takes. */
    private static final int FRAMING = 4096;

    @Inject
    Sockets sockets;

    private WsPeer carrier;
    private Multiplexer mux;

    @OnOpen
    public void open(Session ws, EndpointConfig config) {
        // The carrier is a direct socket like any other (timer, heartbeat, bounded writer), with room
        // around each frame for the topic.
        carrier = sockets.peerFor(ws);
        ws.setMaxTextMessageBufferSize(sockets.service().hub().limits().hardFrame() + FRAMING);
        Hub hub = sockets.service().hub();
        mux = new Multiplexer(carrier, sockets.routes(), Handshakes.of(ws, sockets.contextPath()), sockets.service().flusher(),
                hub.limits().hardFrame(), hub.limits().budgets().muxTopics(),
                () -> hub.stats().overloaded(Budget.MUX_TOPICS));
    }

    @OnMessage
    public void text(String text) {
        carrier.heard();
        if (FrameSize.over(text, sockets.service().hub().limits().hardFrame() + FRAMING)) {
            carrier.close(CloseReason.CloseCodes.TOO_BIG.getCode(), "frame too large");
            return;
        }
        mux.received(text);
    }

    @OnMessage
    public void binary(ByteBuffer data) {
        carrier.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), "websocket-multiplex frames are text");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        carrier.heard();
        mux.pong();
    }

    @OnClose
    public void close(CloseReason reason) {
        sockets.closed(carrier);
        // A carrier the hub closed (heartbeat, slow consumer, restart) ends its topics abruptly, so their
        // sessions wait for a resume; only the client's own clean close of the carrier is theirs too.
        int code = reason.getCloseCode().getCode();
        mux.closed(carrier.closedByHub() ? CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode() : code);
    }

    @OnError
    public void error(Throwable t) {
        if (t instanceof java.io.IOException || t.getClass().getName().startsWith("org.glassfish.tyrus")) {
            LOG.log(System.Logger.Level.DEBUG, "mux closed on error: {0}", String.valueOf(t));
        } else {
            LOG.log(System.Logger.Level.WARNING, "mux error", t);
        }
    }
}
