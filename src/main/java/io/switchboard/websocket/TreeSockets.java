package io.switchboard.websocket;

import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * WebSockets on tree paths that no {@code @ServerEndpoint} template can describe: {@code /data/...}
 * with any number of segments, and paths ending in {@code /}. The tree servlet upgrades
 * such a request with {@link ServerContainer#upgradeHttpToWebSocket} (Jakarta WebSocket 2.1). Tyrus
 * implements that by matching the endpoint config's path among the deployed endpoints, so one
 * programmatic endpoint is deployed here at {@value #TEMPLATE}, and the tree path travels as its
 * one path parameter (base64url, so slashes survive). The socket then runs whatever endpoint the
 * routes give for that tree path, which checks its own token and node: a client that connects to
 * {@code /_tree/...} directly gets exactly what the tree path would give it.
 */
@WebListener
public class TreeSockets implements ServletContextListener {
    static final String TEMPLATE = "/_tree/{node}";
    private static final System.Logger LOG = System.getLogger(TreeSockets.class.getName());

    private static final String CONFIG = TreeSockets.class.getName() + ".config";

    @Inject
    Sockets sockets;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServerContainer container = (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
        Sockets routes = sockets;
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Bridge.class, TEMPLATE).configurator(new HandshakeCapture() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getEndpointInstance(Class<T> type) {
                return (T) new Bridge(routes);
            }
        }).build();
        event.getServletContext().setAttribute(CONFIG, config);
        try {
            container.addEndpoint(config);
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy the tree socket endpoint", e);
        }
    }

    /** Upgrades a request on a tree path to a socket served by the routes' endpoint for it. */
    public static void upgrade(HttpServletRequest req, HttpServletResponse resp, String treePath) throws IOException {
        ServerContainer container = (ServerContainer) req.getServletContext().getAttribute(ServerContainer.class.getName());
        ServerEndpointConfig config = (ServerEndpointConfig) req.getServletContext().getAttribute(CONFIG);
        String node = Base64.getUrlEncoder().withoutPadding().encodeToString(treePath.getBytes(StandardCharsets.UTF_8));
        try {
            container.upgradeHttpToWebSocket(req, resp, config, Map.of("node", node));
        } catch (DeploymentException e) {
            throw new IOException("tree socket upgrade failed", e);
        }
    }

    /** One tree socket: the programmatic twin of {@link DirectSocket} (public: Tyrus calls it reflectively). */
    public static final class Bridge extends Endpoint {
        private final Sockets sockets;
        private SocketHandler handler = SocketHandler.IGNORE;
        private WsPeer peer;

        Bridge(Sockets sockets) {
            this.sockets = sockets;
        }

        @Override
        public void onOpen(Session ws, EndpointConfig config) {
            WsPeer peer = sockets.peerFor(ws);
            this.peer = peer;
            String treePath = decode(ws.getPathParameters().get("node"));
            SocketRequest direct = Handshakes.of(ws, sockets.contextPath());
            SocketRequest request = new SocketRequest(direct.transport(), treePath, Map.of(), direct.query(),
                    direct.userAgent(), direct.remoteAddress(), direct.token());
            SocketHandler h = treePath == null ? null : sockets.routes().open(request, peer);
            if (h == null) {
                peer.close(1008, "not a socket of this server");
                return;
            }
            handler = h;
            ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                peer.heard();
                if (!sockets.closedAsTooLarge(peer, text)) {
                    handler.text(text);
                }
            });
            ws.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> {
                peer.heard();
                handler.binary();
            });
            ws.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> {
                peer.heard();
                handler.pong();
            });
        }

        @Override
        public void onError(Session ws, Throwable t) {
            if (t instanceof IOException || t.getClass().getName().startsWith("org.glassfish.tyrus")) {
                LOG.log(System.Logger.Level.DEBUG, "tree socket closed on error: {0}", String.valueOf(t));
            } else {
                LOG.log(System.Logger.Level.WARNING, "tree socket error", t);
            }
        }

        @Override
        public void onClose(Session ws, CloseReason reason) {
            if (peer != null) {
                sockets.closed(peer);
            }
            handler.closed(reason.getCloseCode().getCode());
        }

        private static String decode(String node) {
            try {
                return node == null ? null : new String(Base64.getUrlDecoder().decode(node), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
