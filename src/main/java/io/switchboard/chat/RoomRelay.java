package io.switchboard.chat;

/** The members of a room on the other nodes of a cluster; a single node has none. */
public interface RoomRelay {
    RoomRelay NONE = (room, encoded) -> { };

    /** {@code encoded} ({@code {"from","text","at"}}) was said in {@code room} on this node. */
    void said(String room, String encoded);
}
