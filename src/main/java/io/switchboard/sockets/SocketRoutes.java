package io.switchboard.sockets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps a socket path to the endpoint that serves it: first the URI templates of the application's
 * {@code @ServerEndpoint} classes (the most specific match wins), then the resolvers for paths no
 * single-segment template can describe (the index tree and the {@code /data} channels, whose paths
 * have any number of segments). Built at start-up, read on every socket open.
 */
public final class SocketRoutes {

    /**
     * A template and how to get an endpoint for one socket (a fresh instance, or a shared one);
     * {@code endpoints} is null for an endpoint class only its own WebSocket can serve.
     */
    public record Route(UriTemplate template, Supplier<SocketEndpoint> endpoints) {
    }

    /** A path resolved: the endpoint for one socket and the request with its path parameters. */
    public record Resolved(SocketEndpoint endpoint, Map<String, String> pathParams, String template) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Function<String, SocketEndpoint>> resolvers = new CopyOnWriteArrayList<>();

    public void add(UriTemplate template, Supplier<SocketEndpoint> endpoints) {
        routes.add(new Route(template, endpoints));
    }

    /** A resolver answers the endpoint for a path it serves, else null. */
    public void addResolver(Function<String, SocketEndpoint> resolver) {
        resolvers.add(resolver);
    }

    public List<UriTemplate> templates() {
        List<UriTemplate> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.template());
        }
        return out;
    }

    /** The template route for a path, or null; no resolvers are asked. */
    public Route templateFor(String path) {
        Route best = null;
        for (Route r : routes) {
            if (r.template().match(path) != null && (best == null || r.template().compareSpecificity(best.template()) < 0)) {
                best = r;
            }
        }
        return best;
    }

    /** The endpoint serving {@code path} (no query), or null if the path is not a socket of this server. */
    public Resolved resolve(String path) {
        Route best = templateFor(path);
        if (best != null) {
            if (best.endpoints() == null) {
                return null;
            }
            return new Resolved(best.endpoints().get(), best.template().match(path), best.template().value());
        }
        for (Function<String, SocketEndpoint> r : resolvers) {
            SocketEndpoint e = r.apply(path);
            if (e != null) {
                return new Resolved(e, Map.of(), null);
            }
        }
        return null;
    }

    /**
     * Opens a socket on {@code request.path()} over {@code peer}: the carrier-neutral entry a
     * multiplexer calls for each topic. Null if no endpoint serves the path ({@code /mux} answers {@code uns}).
     */
    public SocketHandler open(SocketRequest request, Peer peer) {
        Resolved r = resolve(request.path());
        if (r == null) {
            return null;
        }
        return r.endpoint().open(request.withPathParams(r.pathParams()), peer);
    }
}
