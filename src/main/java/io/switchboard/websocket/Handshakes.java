package io.switchboard.websocket;

import io.switchboard.sockets.SocketRequest;
import jakarta.websocket.Session;
import java.util.List;
import java.util.Map;

/** A direct WebSocket's handshake as a {@link SocketRequest}. */
final class Handshakes {
    private Handshakes() {
    }

    /** {@code contextPath} is stripped so the path is the socket path of this server ({@code /ws}). */
    static SocketRequest of(Session ws, String contextPath) {
        String path = ws.getRequestURI().getRawPath();
        if (!contextPath.isEmpty() && path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        Map<String, List<String>> query = ws.getRequestParameterMap();
        String token = firstOf(query.get("access_token"));
        if (token == null) {
            token = (String) ws.getUserProperties().get(HandshakeCapture.BEARER);
        }
        return new SocketRequest("ws", path, ws.getPathParameters(), query,
                (String) ws.getUserProperties().get(HandshakeCapture.USER_AGENT), remoteAddress(ws), token);
    }

    private static String firstOf(List<String> values) {
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    /** Tyrus' session knows the peer's address (TyrusSession#getRemoteAddr); the standard API does not. */
    static String remoteAddress(Session ws) {
        try {
            return (String) ws.getClass().getMethod("getRemoteAddr").invoke(ws);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
