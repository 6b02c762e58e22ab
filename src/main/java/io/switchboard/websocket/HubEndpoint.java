package io.switchboard.websocket;

import io.switchboard.app.HubService;
import io.switchboard.hub.Connection;
import io.switchboard.hub.Handshake;
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

/** {@code WS /ws}: the main socket. One instance per connection. */
@ServerEndpoint(value = "/ws", configurator = HandshakeCapture.class)
public class HubEndpoint {
    private static final System.Logger LOG = System.getLogger(HubEndpoint.class.getName());

    @Inject
    HubService service;

    private WsLink link;
    private Connection connection;

    @OnOpen
    public void open(Session ws, EndpointConfig config) {
        ws.setMaxTextMessageBufferSize(service.hub().limits().hardFrame());
        if (service.fastPath()) {
            TyrusIdleTimer.useScheduler(ws, service.timers());
        }
        ws.setMaxIdleTimeout(0);
        link = new WsLink(ws, writerFor(ws), service.flusher(), service.hub().stats());
        String userAgent = (String) ws.getUserProperties().get(HandshakeCapture.USER_AGENT);
        var token = ws.getRequestParameterMap().get("access_token");
        connection = service.hub().connect(link, new Handshake("ws", userAgent,
                remoteAddress(ws), token == null || token.isEmpty() ? null : token.get(0)));
    }

    /** Tyrus' session knows the peer's address (TyrusSession#getRemoteAddr); the standard API does not. */
    private static String remoteAddress(Session ws) {
        try {
            return (String) ws.getClass().getMethod("getRemoteAddr").invoke(ws);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private FrameWriter writerFor(Session ws) {
        FrameWriter raw = service.fastPath() ? TyrusRawFrameWriter.forRemote(ws.getAsyncRemote()) : null;
        return raw != null ? raw : new StandardFrameWriter(ws.getAsyncRemote());
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
