package io.switchboard.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.topic.ITopic;
import io.switchboard.chat.ChatRooms;
import io.switchboard.chat.RoomListener;
import io.switchboard.chat.RoomRelay;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chat rooms across nodes. Which nodes have members in which room is a MultiMap (room to node
 * ids); a room exists while any node has one (so {@code /chatrooms} lists it everywhere), and what
 * is said in a room goes to the other nodes on a topic, for their members of it. A node that
 * leaves takes its rooms with it.
 */
public final class ClusterRooms implements RoomRelay, RoomListener {
    static final String ROOMS = "switchboard-rooms";
    static final String TOPIC = "switchboard-chat";

    private final MultiMap<String, String> nodesOf;
    private final ITopic<String> said;
    private final String me;
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();
    private volatile ChatRooms local;
    private volatile RoomListener index;

    public ClusterRooms(HazelcastInstance hz) {
        this.nodesOf = hz.getMultiMap(ROOMS);
        this.said = hz.getTopic(TOPIC);
        this.me = Members.self(hz);
        Members.onLeave(hz, node -> {
            for (String room : nodesOf.keySet()) {
                nodesOf.remove(room, node);
            }
        });
    }

    /**
     * Serves {@code rooms}: its rooms' coming and going on this node are told to the cluster, and
     * {@code listener} hears when a room comes to exist or stops existing anywhere.
     */
    public void serve(ChatRooms rooms, RoomListener listener) {
        this.local = rooms;
        this.index = listener;
        rooms.listen(this);
        rooms.relay(this);
        nodesOf.addEntryListener(new Changes(), true);
        for (Map.Entry<String, String> e : nodesOf.entrySet()) {
            added(e.getKey(), e.getValue());
        }
        said.addMessageListener(m -> heard(m.getMessageObject()));
    }

    @Override
    public void opened(String room) {
        nodesOf.put(room, me);
    }

    @Override
    public void closed(String room) {
        nodesOf.remove(room, me);
    }

    @Override
    public void said(String room, String encoded) {
        said.publish(me + " " + room + " " + encoded);
    }

    private void heard(String message) {
        int a = message.indexOf(' ');
        int b = message.indexOf(' ', a + 1);
        if (!message.substring(0, a).equals(me)) {
            local.heard(message.substring(a + 1, b), message.substring(b + 1));
        }
    }

    private synchronized void added(String room, String node) {
        Set<String> nodes = known.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        if (nodes.add(node) && nodes.size() == 1) {
            index.opened(room);
        }
    }

    private synchronized void removed(String room, String node) {
        Set<String> nodes = known.get(room);
        if (nodes != null && nodes.remove(node) && nodes.isEmpty()) {
            known.remove(room);
            index.closed(room);
        }
    }

    private final class Changes implements EntryListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            added(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            removed(e.getKey(), e.getOldValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> e) {
            removed(e.getKey(), e.getOldValue());
        }

        @Override
        public void entryExpired(EntryEvent<String, String> e) {
            removed(e.getKey(), e.getOldValue());
        }

        @Override
        public void mapCleared(MapEvent e) {
        }

        @Override
        public void mapEvicted(MapEvent e) {
        }
    }
}
