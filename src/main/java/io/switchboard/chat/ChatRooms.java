package io.switchboard.chat;

import io.switchboard.protocol.JsonText;
import io.switchboard.sockets.Peer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rooms that exist: a room exists while someone is in it. Joining and leaving
 * take this object's monitor so that a room's coming and going and the listener's calls happen
 * in one order; saying something takes no lock.
 */
public final class ChatRooms {
    private final Map<String, ChatRoom> rooms = new ConcurrentHashMap<>();
    private final AtomicLong guests = new AtomicLong();
    private final Clock clock;
    private volatile RoomListener listener = new RoomListener() {
        @Override
        public void opened(String room) {
        }

        @Override
        public void closed(String room) {
        }
    };

    private volatile RoomRelay relay = RoomRelay.NONE;

    public ChatRooms(Clock clock) {
        this.clock = clock;
    }

    public void listen(RoomListener listener) {
        this.listener = listener;
    }

    /** Cluster mode: what is said here reaches the room's members on the other nodes. */
    public void relay(RoomRelay r) {
        this.relay = r;
    }

    /** Said in {@code room} by someone on this node: its members here, then the other nodes'. */
    void say(ChatRoom room, String encoded) {
        room.say(encoded);
        relay.said(room.name(), encoded);
    }

    /** Said in {@code room} on another node: to its members here, if it has any. */
    public void heard(String room, String encoded) {
        ChatRoom r = rooms.get(room);
        if (r != null) {
            r.say(encoded);
        }
    }

    /** {@code name} null or empty makes the member a {@code guest-<n>}. */
    public synchronized Member join(String room, String name, Peer peer) {
        String from = name == null || name.isEmpty() ? "guest-" + guests.incrementAndGet() : name;
        ChatRoom r = rooms.get(room);
        if (r == null) {
            r = new ChatRoom(room);
            rooms.put(room, r);
            r.add(peer);
            listener.opened(room);
        } else {
            r.add(peer);
        }
        return new Member(this, r, from, peer);
    }

    synchronized void leave(ChatRoom room, Peer peer) {
        if (room.remove(peer) && rooms.remove(room.name(), room)) {
            listener.closed(room.name());
        }
    }

    /** The message everyone in the room gets: {@code {"from","text","at"}}, {@code at} ISO-8601 UTC. */
    String encode(String from, String text) {
        return "{\"from\":" + JsonText.quote(from) + ",\"text\":" + JsonText.quote(text)
                + ",\"at\":\"" + clock.instant() + "\"}";
    }

    public List<String> rooms() {
        return new ArrayList<>(rooms.keySet());
    }

    public int count() {
        return rooms.size();
    }

    public boolean exists(String room) {
        return rooms.containsKey(room);
    }

    public int members(String room) {
        ChatRoom r = rooms.get(room);
        return r == null ? 0 : r.size();
    }
}
