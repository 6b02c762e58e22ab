package io.switchboard.app;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.chat.ChatRooms;
import io.switchboard.hub.Hub;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Owns the socket tree's state: the chat rooms (and, wired to them, the index tree). */
@ApplicationScoped
public class TreeService {
    @Inject
    HubService service;

    private ChatRooms rooms;

    @PostConstruct
    void start() {
        rooms = new ChatRooms(Clock.systemUTC());
    }

    /** A room name is one channel segment (section 1 characters), not a wildcard nor a system name. */
    public static boolean isRoomName(String room) {
        try {
            return room != null && !room.startsWith("$") && !room.contains("*")
                    && ChannelPath.parse("/chatrooms/" + room).depth() == 2;
        } catch (BadChannelException e) {
            return false;
        }
    }

    public Hub hub() {
        return service.hub();
    }

    public ChatRooms rooms() {
        return rooms;
    }
}
