package io.switchboard.websocket;

import io.switchboard.sockets.SocketEndpoint;
import io.switchboard.sockets.SocketHandler;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The base of an {@code @ServerEndpoint} class whose behaviour is a {@link SocketEndpoint}: it
 * carries the class's own WebSocket to {@link #open} and the handler it returns, so the same class
 * serves its direct socket and, unchanged, a {@code /mux} topic. A subclass is only its annotation
 * (with {@code configurator = HandshakeCapture.class}), its injections and {@code open}:
 *
 * <pre>{@code
 * @ServerEndpoint(value = "/chatrooms/{room}/chat", configurator = HandshakeCapture.class)
 * public class ChatEndpoint extends DirectSocket {
 *     @Inject ChatService chat;
 *     public SocketHandler open(SocketRequest request, Peer peer) { return chat.rooms().join(...); }
 * }
 * }</pre>
 *
 * Text messages are capped at {@code limits.hardFrame} bytes (closed with 1009 from one byte past it),
 * and the socket is pinged every {@code heartbeat} and closed (1001) after two of silence, as on
 * {@code /ws}. One instance per connection, as the container makes them.
 */
public abstract class DirectSocket implements SocketEndpoint {
    private static final System.Logger LOG = System.getLogger(DirectSocket.class.getName());

    @Inject
    Sockets sockets;

    private SocketHandler handler = SocketHandler.IGNORE;
    private WsPeer peer;

    @OnOpen
    public void openDirect(Session ws, EndpointConfig config) {
        peer = sockets.peerFor(ws);
        handler = open(Handshakes.of(ws, sockets.contextPath()), peer);
    }

    @OnMessage
    public void textDirect(String text) {
        peer.heard();
        if (!sockets.closedAsTooLarge(peer, text)) {
            handler.text(text);
        }
    }

    @OnMessage
    public void binaryDirect(ByteBuffer data) {
        peer.heard();
        handler.binary();
    }

    @OnMessage
    public void pongDirect(PongMessage pong) {
        peer.heard();
        handler.pong();
    }

    @OnClose
    public void closeDirect(CloseReason reason) {
        if (peer != null) {
            sockets.closed(peer);
        }
        handler.closed(reason.getCloseCode().getCode());
    }

    @OnError
    public void errorDirect(Throwable t) {
        if (t instanceof java.io.IOException || t.getClass().getName().startsWith("org.glassfish.tyrus")) {
            LOG.log(System.Logger.Level.DEBUG, "websocket closed on error: {0}", String.valueOf(t));
        } else {
            LOG.log(System.Logger.Level.WARNING, "websocket error", t);
        }
    }
}
