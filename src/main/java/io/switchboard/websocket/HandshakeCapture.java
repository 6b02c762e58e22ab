package io.switchboard.websocket;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Keeps the handshake's User-Agent (for the session's kind) and a bearer token from its
 * {@code Authorization} header. Tyrus 2.1 gives modifyHandshake a per-connection copy of the user
 * properties and hands it on to the Session.
 *
 * <p>It also makes the endpoint instances: through {@link Sockets#newEndpoint}, which injects them
 * from one injection target per endpoint class, instead of the container's CDI provider, which
 * builds one per connection under a lock and keeps it until the socket closes (a connection's
 * largest cost in the hub's own code; docs/benchmarks.md, "Connections"). If the bean cannot be
 * reached, or the class has a {@code @PreDestroy} method, the container makes them as before.
 */
public class HandshakeCapture extends ServerEndpointConfig.Configurator {
    static final String USER_AGENT = "switchboard.userAgent";
    static final String BEARER = "switchboard.bearer";
    private static final System.Logger LOG = System.getLogger(HandshakeCapture.class.getName());

    /** Looked up on the first connection (Tyrus makes the configurator before CDI is ready to ask). */
    private volatile Sockets sockets;
    private volatile boolean containerMade;

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        Sockets s = containerMade ? null : sockets();
        T instance = s == null ? null : s.newEndpoint(type);
        return instance != null ? instance : super.getEndpointInstance(type);
    }

    private Sockets sockets() {
        Sockets s = sockets;
        if (s == null) {
            try {
                sockets = s = CDI.current().select(Sockets.class).get();
            } catch (RuntimeException e) {
                containerMade = true;
                LOG.log(System.Logger.Level.INFO, "endpoint instances made by the container (no CDI here): {0}", e.toString());
            }
        }
        return s;
    }

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
