package io.switchboard.app;

import io.switchboard.auth.Action;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.chat.ChatRooms;
import io.switchboard.chat.RoomListener;
import io.switchboard.hub.Hub;
import io.switchboard.routing.Message;
import io.switchboard.sockets.SocketEndpoint;
import io.switchboard.sockets.SocketRoutes;
import io.switchboard.tree.ChannelIndex;
import io.switchboard.tree.ChannelSocket;
import io.switchboard.tree.IndexSocket;
import io.switchboard.tree.IndexTree;
import io.switchboard.tree.Kind;
import io.switchboard.tree.TreePath;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns the socket tree: the index tree of {@code /data} and {@code /chatrooms}, the {@code /data}
 * namespace that feeds it from the router, the chat rooms, and the sockets that serve tree paths
 * (added to the socket routes as a resolver, so {@code /mux} reaches them too). Started with the
 * application so that no channel is published before the namespace watches.
 */
@ApplicationScoped
public class TreeService {
    @Inject
    HubService service;

    /** The socket paths of this server, made by websocket.Sockets from the discovered endpoint classes. */
    @Inject
    SocketRoutes routes;

    private ChatRooms rooms;
    private IndexTree tree;
    private ChannelIndex channels;
    private IndexSocket indexSocket;
    private ChannelSocket channelSocket;
    private ScheduledFuture<?> sweeper;

    @PostConstruct
    void start() {
        Hub hub = service.hub();
        tree = new IndexTree();
        tree.addSockets(routes.templates());
        channels = new ChannelIndex(tree, hub::holds);
        channels.seed(hub.observeChannels(channels));
        rooms = new ChatRooms(Clock.systemUTC());
        RoomListener index = new RoomListener() {
            @Override
            public void opened(String room) {
                tree.put("/chatrooms/" + room, Kind.INDEX);
            }

            @Override
            public void closed(String room) {
                tree.drop("/chatrooms/" + room);
            }
        };
        if (service.cluster() != null) {
            service.cluster().rooms().serve(rooms, index); // rooms exist while anyone is in them on any node
        } else {
            rooms.listen(index);
        }
        indexSocket = new IndexSocket(tree, this::retained, hub);
        channelSocket = new ChannelSocket(hub, JsonProvider.provider());
        routes.addResolver(this::socketFor);
        sweeper = service.timers().scheduleAtFixedRate(channels::sweep, 1, 1, TimeUnit.SECONDS);
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        tree();
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /** The socket a tree path serves: a listing for index paths, the channel for bare {@code /data} paths. */
    private SocketEndpoint socketFor(String path) {
        TreePath p = TreePath.parse(path);
        if (p == null) {
            return null;
        }
        if (p.isChannel()) {
            return channelSocket;
        }
        return p.index() ? indexSocket : null;
    }

    /**
     * The retained data of the channel at a tree node, as JSON text, or null; also null if
     * {@code who} (null without users) may not subscribe to it.
     */
    public String retained(Identity who, String node) {
        if (!node.startsWith("/data/")) {
            return null;
        }
        try {
            ChannelPath channel = ChannelPath.parse(node);
            Authenticator auth = service.hub().auth();
            if (auth != null && (who == null || !auth.grants().allows(who.roles(), Action.SUBSCRIBE, channel))) {
                return null;
            }
            Message r = service.hub().retained(channel);
            return r == null ? null : r.data();
        } catch (BadChannelException e) {
            return null;
        }
    }

    /** A room name is one channel segment (its characters), not a wildcard nor a system name. */
    public static boolean isRoomName(String room) {
        try {
            return room != null && !room.startsWith("$") && !room.contains("*")
                    && ChannelPath.parse("/chatrooms/" + room).depth() == 2;
        } catch (BadChannelException e) {
            return false;
        }
    }

    /** The channel a room's grants are written for: {@code /chatrooms/<room>}. */
    public static ChannelPath roomChannel(String room) {
        try {
            return ChannelPath.parse("/chatrooms/" + room);
        } catch (BadChannelException e) {
            throw new IllegalArgumentException("not a room name: " + room, e);
        }
    }

    public Hub hub() {
        return service.hub();
    }

    public ChatRooms rooms() {
        return rooms;
    }

    public ChannelIndex channels() {
        return channels;
    }

    public IndexTree tree() {
        return tree;
    }
}
