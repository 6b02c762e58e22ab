package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sockets.RecordingPeer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRoomsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);

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
        RecordingPeer ann = new RecordingPeer();
        RecordingPeer bob = new RecordingPeer();
        Member a = rooms.join("lobby", "ann", ann);
        rooms.join("lobby", null, bob);
        a.say("hi \"all\"");
        String expected = "{\"from\":\"ann\",\"text\":\"hi \\\"all\\\"\",\"at\":\"2026-01-02T03:04:05.678Z\"}";
        assertThat(ann.sent).containsExactly(expected);
        assertThat(bob.sent).containsExactly(expected);
    }

    @Test
    void membersWithoutANameAreNumberedGuests() {
        assertThat(rooms.join("a", null, new RecordingPeer()).name()).isEqualTo("guest-1");
        assertThat(rooms.join("b", "", new RecordingPeer()).name()).isEqualTo("guest-2");
        assertThat(rooms.join("a", "cy", new RecordingPeer()).name()).isEqualTo("cy");
    }

    @Test
    void roomsAreSeparate() {
        RecordingPeer inA = new RecordingPeer();
        RecordingPeer inB = new RecordingPeer();
        Member a = rooms.join("a", "x", inA);
        rooms.join("b", "y", inB);
        a.say("only a");
        assertThat(inA.sent).hasSize(1);
        assertThat(inB.sent).isEmpty();
    }

    @Test
    void aRoomExistsWhileSomeoneIsInIt() {
        Member a = rooms.join("r", "a", new RecordingPeer());
        Member b = rooms.join("r", "b", new RecordingPeer());
        assertThat(rooms.rooms()).containsExactly("r");
        a.leave();
        a.leave();
        assertThat(rooms.exists("r")).isTrue();
        assertThat(rooms.members("r")).isEqualTo(1);
        b.leave();
        assertThat(rooms.exists("r")).isFalse();
        rooms.join("r", "c", new RecordingPeer());
        assertThat(events).containsExactly("+r", "-r", "+r");
    }
}
