package io.switchboard.websocket;

import io.switchboard.app.ShutdownHook;
import io.switchboard.protocol.FrameSize;
import io.switchboard.app.HubService;
import io.switchboard.sockets.SocketEndpoint;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRoutes;
import io.switchboard.sockets.UriTemplate;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import io.switchboard.outbound.SessionLink;
import io.switchboard.sockets.Peer;
import io.switchboard.sockets.PeerWire;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The socket paths of this server: the routes built from the discovered {@code @ServerEndpoint}
 * classes (see {@link EndpointDiscovery}) plus what other parts add with
 * {@link SocketRoutes#addResolver}. An endpoint class that implements {@link SocketEndpoint} is
 * reachable over any carrier: for a carrier other than its own WebSocket (a {@code /mux} topic)
 * an instance is made here the way the WebSocket container makes one, with CDI injection, and
 * disposed of when that socket closes. A class that does not is still a node of the index, but
 * only its own WebSocket serves it.
 */
@ApplicationScoped
public class Sockets {
    private static final System.Logger LOG = System.getLogger(Sockets.class.getName());

    @Inject
    ServletContext context;

    @Inject
    BeanManager beans;

    @Inject
    ShutdownHook shutdownHook;

    @Inject
    HubService service;

    private final SocketRoutes routes = new SocketRoutes();
    /** One injection target per endpoint class, made on its first connection (see {@link #newEndpoint}). */
    private final java.util.Map<Class<?>, Unmanaged<?>> endpointTypes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per endpoint class, whether an instance can be dropped without a destroy (no {@code @PreDestroy}). */
    private final java.util.Map<Class<?>, Boolean> releaseFree = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<WsPeer> direct = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private java.util.concurrent.ScheduledFuture<?> heartbeat;
    /** Gives the Tyrus container its own scheduler back; null if it kept it. */
    private Runnable restoreScheduler;

    @PostConstruct
    @SuppressWarnings("unchecked")
    void discover() {
        Set<Class<?>> classes = (Set<Class<?>>) context.getAttribute(EndpointDiscovery.CLASSES);
        if (classes == null) {
            LOG.log(System.Logger.Level.WARNING, "no endpoint discovery ran: the socket tree has no endpoint classes");
            return;
        }
        for (Class<?> c : classes) {
            UriTemplate template = UriTemplate.parse(c.getAnnotation(ServerEndpoint.class).value());
            routes.add(template, SocketEndpoint.class.isAssignableFrom(c) ? instances(c.asSubclass(SocketEndpoint.class)) : null);
        }
        LOG.log(System.Logger.Level.INFO, "socket endpoints: {0}", routes.templates());
        if (service.fastPath()) {
            restoreScheduler = TyrusIdleTimer.useSchedulerForAll(
                    context.getAttribute(jakarta.websocket.server.ServerContainer.class.getName()), service.timers());
        }
        heartbeat = service.timers().scheduleAtFixedRate(this::heartbeat, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        // On SIGTERM the direct sockets and /mux carriers are told 1012, as on undeploy.
        shutdownHook.onStop(this::stop, this::directCount);
    }

    /** The application is stopping: every direct socket is closed with 1012, as /ws's are. */
    @jakarta.annotation.PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (restoreScheduler != null) {
            restoreScheduler.run();
        }
        for (WsPeer p : direct) {
            p.close(1012, "the hub is restarting");
        }
    }


    /** /ws runs its own heartbeat (hub.Connection); the other direct sockets get theirs here. */
    private void heartbeat() {
        long now = System.currentTimeMillis();
        long beat = service.hub().limits().heartbeat();
        for (WsPeer p : direct) {
            p.heartbeat(now, beat);
        }
    }

    /**
     * A new instance of an {@code @ServerEndpoint} class, injected as CDI would, for its own WebSocket
     * ({@link HandshakeCapture#getEndpointInstance}). The container's way (Tyrus' CDI provider) builds
     * an injection target per connection under the bean manager's lock and keeps it until the socket
     * closes; here the target is built once per class. Endpoint classes inject only normal-scoped beans
     * and have no {@code @PreDestroy}, so an instance has nothing to release: it is not kept. Null for
     * a class with a {@code @PreDestroy} method: the container makes (and later destroys) those.
     */
    <T> T newEndpoint(Class<T> type) {
        if (!releaseFree.computeIfAbsent(type, t -> !hasPreDestroy(t))) {
            return null;
        }
        return unmanaged(type).newInstance().produce().inject().postConstruct().get();
    }

    /** Whether {@code type} or a superclass declares a {@code @PreDestroy} method. */
    static boolean hasPreDestroy(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(jakarta.annotation.PreDestroy.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private <T> Unmanaged<T> unmanaged(Class<T> type) {
        return (Unmanaged<T>) endpointTypes.computeIfAbsent(type, t -> new Unmanaged<>(beans, t));
    }

    private <T extends SocketEndpoint> Supplier<SocketEndpoint> instances(Class<T> type) {
        Unmanaged<T> unmanaged = unmanaged(type);
        return () -> (request, peer) -> {
            Unmanaged.UnmanagedInstance<T> instance = unmanaged.newInstance().produce().inject().postConstruct();
            SocketHandler handler = instance.get().open(request, peer);
            return new SocketHandler() {
                @Override
                public void text(String text) {
                    handler.text(text);
                }

                @Override
                public void binary() {
                    handler.binary();
                }

                @Override
                public void pong() {
                    handler.pong();
                }

                @Override
                public void closed(int code) {
                    try {
                        handler.closed(code);
                    } finally {
                        instance.preDestroy().dispose();
                    }
                }
            };
        };
    }

    /**
     * Every socket path of this server, for carriers that open sockets by path ({@code /mux}). Also
     * produced as a bean, so that app.TreeService adds the tree's resolver knowing only the core type:
     * producing it creates this bean, so the discovered templates are in before anyone reads them.
     */
    @Produces
    public SocketRoutes routes() {
        return routes;
    }

    /** The WAR's context path ({@code ""} at the root): socket paths are relative to it. */
    public String contextPath() {
        return context.getContextPath();
    }

    /**
     * A direct WebSocket as a Peer, writing on the hub's flusher threads, with the hub's frame
     * limit, Tyrus idle timer and heartbeat; {@link #closed} when the socket closes.
     */
    WsPeer peerFor(Session ws) {
        ws.setMaxTextMessageBufferSize(service.hub().limits().hardFrame());
        if (service.fastPath()) {
            TyrusIdleTimer.useScheduler(ws, service.timers());
        }
        ws.setMaxIdleTimeout(0);
        // As many texts as a session's queue, and at most 16 hard-limit frames of characters.
        WsPeer peer = new WsPeer(ws, writerFor(ws), service.flusher(), service.timers(), System::currentTimeMillis,
                closeGrace(), service.hub().limits().queue(), 16L * service.hub().limits().hardFrame());
        direct.add(peer);
        return peer;
    }

    void closed(WsPeer peer) {
        direct.remove(peer);
        peer.ended();
    }

    /** {@code /ws}'s own WebSocket as a hub session's link; {@code onAbort} if the pump has to drop it. */
    SessionLink sessionLinkFor(Session ws, Runnable onAbort) {
        return new SessionLink(new TyrusWire(ws, writerFor(ws)), service.flusher(), service.timers(),
                System::currentTimeMillis, closeGrace(), service.hub().stats()::wrote, onAbort);
    }

    /** A hub session's link over another carrier's socket (a {@code /mux} topic). */
    SessionLink sessionLinkOver(Peer peer) {
        return new SessionLink(new PeerWire(peer), service.flusher(), service.timers(), System::currentTimeMillis,
                closeGrace(), service.hub().stats()::wrote, () -> { });
    }

    /** A close the hub decides reaches the peer within one heartbeat, or the socket is aborted. */
    private long closeGrace() {
        return service.hub().limits().heartbeat();
    }

    /**
     * Closes {@code peer} with 1009 when {@code text} is over {@code limits.hardFrame} bytes, and says
     * so. Tyrus' own cap is its message buffer, not this limit, hence the check on every text.
     */
    boolean closedAsTooLarge(WsPeer peer, String text) {
        if (!FrameSize.over(text, service.hub().limits().hardFrame())) {
            return false;
        }
        peer.close(jakarta.websocket.CloseReason.CloseCodes.TOO_BIG.getCode(), "frame too large");
        return true;
    }

    /** Direct sockets other than /ws open now. */
    public int directCount() {
        return direct.size();
    }

    HubService service() {
        return service;
    }

    FrameWriter writerFor(Session ws) {
        FrameWriter raw = service.fastPath() ? TyrusRawFrameWriter.forRemote(ws.getAsyncRemote()) : null;
        return raw != null ? raw : new StandardFrameWriter(ws.getAsyncRemote());
    }
}
