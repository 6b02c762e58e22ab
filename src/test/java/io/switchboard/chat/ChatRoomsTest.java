package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sockets.Peer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ChatRoomsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);

    static final class Inbox implements Peer {
        final List<String> got = new ArrayList<>();

        @Override
        public CompletionStage<Void> send(String text) {
            got.add(text);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void ping() {
        }
    }

    private final List<String> events = new ArrayList<>();
    private final ChatRooms rooms = new ChatRooms(CLOCK);

    {
        rooms.listen(new RoomListener() {
            @Override
            public void opened(String room) {
                events.add("+" + room);
            }

            @Override
            public void closed(String room) {
                events.add("-" + room);
            }
        });
    }

    @Test
    void everyoneInTheRoomHearsWhatIsSaidTheSpeakerToo() {
        Inbox ann = new Inbox();
        Inbox bob = new Inbox();
        Member a = rooms.join("lobby", "ann", ann);
        rooms.join("lobby", null, bob);
        a.say("hi \"all\"");
        String expected = "{\"from\":\"ann\",\"text\":\"hi \\\"all\\\"\",\"at\":\"2026-01-02T03:04:05.678Z\"}";
        assertThat(ann.got).containsExactly(expected);
        assertThat(bob.got).containsExactly(expected);
    }

    @Test
    void membersWithoutANameAreNumberedGuests() {
        assertThat(rooms.join("a", null, new Inbox()).name()).isEqualTo("guest-1");
        assertThat(rooms.join("b", "", new Inbox()).name()).isEqualTo("guest-2");
        assertThat(rooms.join("a", "cy", new Inbox()).name()).isEqualTo("cy");
    }

    @Test
    void roomsAreSeparate() {
        Inbox inA = new Inbox();
        Inbox inB = new Inbox();
        Member a = rooms.join("a", "x", inA);
        rooms.join("b", "y", inB);
        a.say("only a");
        assertThat(inA.got).hasSize(1);
        assertThat(inB.got).isEmpty();
    }

    @Test
    void aRoomExistsWhileSomeoneIsInIt() {
        Member a = rooms.join("r", "a", new Inbox());
        Member b = rooms.join("r", "b", new Inbox());
        assertThat(rooms.rooms()).containsExactly("r");
        a.leave();
        a.leave();
        assertThat(rooms.exists("r")).isTrue();
        assertThat(rooms.members("r")).isEqualTo(1);
        b.leave();
        assertThat(rooms.exists("r")).isFalse();
        rooms.join("r", "c", new Inbox());
        assertThat(events).containsExactly("+r", "-r", "+r");
    }
}
