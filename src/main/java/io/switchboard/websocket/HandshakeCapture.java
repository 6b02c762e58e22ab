package io.switchboard.websocket;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Keeps the handshake's User-Agent for the session's kind. Tyrus 2.1 gives modifyHandshake a
 * per-connection copy of the user properties and hands it on to the Session.
 */
public class HandshakeCapture extends ServerEndpointConfig.Configurator {
    static final String USER_AGENT = "switchboard.userAgent";

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        List<String> ua = request.getHeaders().get("User-Agent");
        if (ua != null && !ua.isEmpty()) {
            sec.getUserProperties().put(USER_AGENT, ua.get(0));
        }
    }
}
