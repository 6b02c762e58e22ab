package io.switchboard.chat;

/** Told when a room comes into being (its first member) and when it ends (its last left). */
public interface RoomListener {

    void opened(String room);

    void closed(String room);
}
