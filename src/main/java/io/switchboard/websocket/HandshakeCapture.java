package io.switchboard.websocket;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Keeps the handshake's User-Agent (for the session's kind) and a bearer token from its
 * {@code Authorization} header. Tyrus 2.1 gives modifyHandshake a per-connection copy of the user
 * properties and hands it on to the Session.
 */
public class HandshakeCapture extends ServerEndpointConfig.Configurator {
    static final String USER_AGENT = "switchboard.userAgent";
    static final String BEARER = "switchboard.bearer";

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        String ua = first(request, "User-Agent");
        if (ua != null) {
            sec.getUserProperties().put(USER_AGENT, ua);
        }
        String auth = first(request, "Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            sec.getUserProperties().put(BEARER, auth.substring(7).trim());
        }
    }

    private static String first(HandshakeRequest request, String header) {
        for (var e : request.getHeaders().entrySet()) {
            if (e.getKey().equalsIgnoreCase(header)) {
                List<String> v = e.getValue();
                return v == null || v.isEmpty() ? null : v.get(0);
            }
        }
        return null;
    }
}
