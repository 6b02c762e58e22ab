package io.switchboard.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sockets.RecordingPeer;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Limits;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import jakarta.json.spi.JsonProvider;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChannelSocketTest {
    private final Router router = new Router(new LocalMessageLog(100, 60_000, System::currentTimeMillis), new LocalBus());
    private final Hub hub = new Hub(router, Limits.defaults(), new FrameCodec(JsonProvider.provider()), System::currentTimeMillis);
    private final ChannelSocket socket = new ChannelSocket(hub, JsonProvider.provider());

    private static SocketRequest on(String path) {
        return new SocketRequest("ws", path, Map.of(), Map.of(), null, null, null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"a\": 1}     | {\"a\":1}",
            "[1, 2]         | [1,2]",
            "42             | 42",
            "`\"s\"`        | `\"s\"`",
            "null           | null",
            "hello world    | `\"hello world\"`",
            "{broken        | `\"{broken\"`",
            "1 2            | `\"1 2\"`",
    })
    void textThatIsNotJsonIsPublishedAsAJsonString(String text, String published) {
        assertThat(socket.asJson(text.strip())).isEqualTo(published.strip());
    }

    @Test
    void theRetainedValueComesFirstThenWhatIsPublishedOnTheSocket() throws Exception {
        hub.publish("/data/t", "{\"r\":1}", true, null, null);
        RecordingPeer peer = new RecordingPeer();
        SocketHandler h = socket.open(on("/data/t"), peer);
        h.text("plain");
        h.closed(1000);
        h.text("after close is still published");
        assertThat(peer.sent).containsExactly("{\"r\":1}", "\"plain\"");
    }

    @Test
    void aBadChannelIsRefused() {
        RecordingPeer peer = new RecordingPeer();
        assertThat(socket.open(on("/data/*"), peer)).isSameAs(SocketHandler.IGNORE);
        assertThat(peer.sent.get(0)).contains("bad_channel");
    }
}
