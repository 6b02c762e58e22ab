package io.switchboard.chat;

import io.switchboard.sockets.Peer;

/** Someone in a room, as their socket sees it: what they say goes to everyone there, them too. */
public final class Member {
    private final ChatRooms rooms;
    private final ChatRoom room;
    private final String name;
    private final Peer peer;
    private boolean left;

    Member(ChatRooms rooms, ChatRoom room, String name, Peer peer) {
        this.rooms = rooms;
        this.room = room;
        this.name = name;
        this.peer = peer;
    }

    public String name() {
        return name;
    }

    public void say(String text) {
        rooms.say(room, rooms.encode(name, text));
    }

    /** Called when the member's socket closes; a second call does nothing. */
    public synchronized void leave() {
        if (!left) {
            left = true;
            rooms.leave(room, peer);
        }
    }
}
