package io.switchboard.websocket;

import io.switchboard.app.HubService;
import io.switchboard.hub.Connection;
import io.switchboard.hub.Handshake;
import io.switchboard.outbound.SessionLink;
import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketEndpoint;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
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
 * {@code WS /ws}: the main socket. One instance per connection. Its own WebSocket keeps the
 * Tyrus fast path (a {@link SessionLink} over a raw-frame writer); any other carrier (a {@code /mux}
 * topic) reaches the same hub connection through {@link #open}, over the same link on that peer.
 */
@ServerEndpoint(value = "/ws", configurator = HandshakeCapture.class)
public class HubEndpoint implements SocketEndpoint {
    private static final System.Logger LOG = System.getLogger(HubEndpoint.class.getName());

    @Inject
    HubService service;

    @Inject
    Sockets sockets;

    private SessionLink link;
    private Connection connection;

    @OnOpen
    public void open(Session ws, EndpointConfig config) {
        ws.setMaxTextMessageBufferSize(service.hub().limits().hardFrame());
        if (service.fastPath()) {
            TyrusIdleTimer.useScheduler(ws, service.timers());
        }
        ws.setMaxIdleTimeout(0);
        link = sockets.sessionLinkFor(ws, () -> connection.closed(CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()));
        connection = service.hub().connect(link, handshake(Handshakes.of(ws, sockets.contextPath())));
    }

    private static Handshake handshake(SocketRequest r) {
        return new Handshake(r.transport(), r.userAgent(), r.remoteAddress(), r.token());
    }

    /** The hub's protocol over another carrier: the same Connection, written through the pump over a PeerWire. */
    @Override
    public SocketHandler open(SocketRequest request, Peer peer) {
        Connection c = service.hub().connect(sockets.sessionLinkOver(peer), handshake(request));
        return new SocketHandler() {
            @Override
            public void text(String text) {
                c.receive(text);
            }

            @Override
            public void binary() {
                peer.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), "binary frames are not spoken here");
            }

            @Override
            public void pong() {
                c.pong();
            }

            @Override
            public void closed(int code) {
                c.closed(code);
            }
        };
    }

    @OnMessage
    public void text(String text) {
        connection.receive(text);
    }

    @OnMessage
    public void binary(ByteBuffer data) {
        link.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), "binary frames are not spoken here");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        connection.pong();
    }

    @OnClose
    public void close(CloseReason reason) {
        connection.closed(reason.getCloseCode().getCode());
    }

    @OnError
    public void error(Throwable t) {
        // Peers that vanish or send too much are everyday events; only our own bugs deserve a stack.
        if (t instanceof java.io.IOException || t.getClass().getName().startsWith("org.glassfish.tyrus")) {
            LOG.log(System.Logger.Level.DEBUG, "websocket closed on error: {0}", String.valueOf(t));
        } else {
            LOG.log(System.Logger.Level.WARNING, "websocket error", t);
        }
    }
}
