package io.switchboard.chat;

import io.switchboard.sockets.Peer;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One room's members. Members change rarely next to how often they talk, so the set is
 * copy-on-write: a text is said to a snapshot without a lock, encoded once for everyone.
 */
final class ChatRoom {
    private final String name;
    private final Set<Peer> members = new CopyOnWriteArraySet<>();

    ChatRoom(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void add(Peer peer) {
        members.add(peer);
    }

    /** True if the room is now empty. */
    boolean remove(Peer peer) {
        members.remove(peer);
        return members.isEmpty();
    }

    int size() {
        return members.size();
    }

    void say(String encoded) {
        for (Peer p : members) {
            p.send(encoded);
        }
    }
}
