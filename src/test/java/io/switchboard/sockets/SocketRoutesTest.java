package io.switchboard.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketRoutesTest {

    /** A peer that records what it was sent. */
    static final class RecordingPeer implements Peer {
        final List<String> sent = new ArrayList<>();
        int closedWith;

        @Override
        public CompletionStage<Void> send(String text) {
            sent.add(text);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        @Override
        public void ping() {
        }
    }

    private static SocketEndpoint named(String name) {
        return (request, peer) -> {
            peer.send(name + " " + new java.util.TreeMap<>(request.pathParams()));
            return SocketHandler.IGNORE;
        };
    }

    private static SocketRoutes routes() {
        SocketRoutes r = new SocketRoutes();
        r.add(UriTemplate.parse("/ws"), () -> named("hub"));
        r.add(UriTemplate.parse("/chatrooms/{room}/chat"), () -> named("chat"));
        r.add(UriTemplate.parse("/chatrooms/{room}/{what}"), () -> named("any"));
        r.add(UriTemplate.parse("/chatrooms/lobby/{what}"), () -> named("lobby"));
        r.add(UriTemplate.parse("/data/echo"), () -> named("echo"));
        r.addResolver(path -> path.startsWith("/data/") ? named("data") : null);
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/ws                    | hub {}",
            "/chatrooms/kitchen/chat| chat {room=kitchen}",
            "/chatrooms/kitchen/x   | any {room=kitchen, what=x}",
            "/chatrooms/lobby/chat  | lobby {what=chat}",
            "/data/echo             | echo {}",
            "/data/geo/vector       | data {}",
            "/data/echo/           | data {}",
    })
    void theMostSpecificTemplateServesAPath(String path, String expected) {
        RecordingPeer peer = new RecordingPeer();
        SocketRequest request = new SocketRequest("ws", path.trim(), Map.of(), Map.of(), null, null, null);
        assertThat(routes().open(request, peer)).isNotNull();
        assertThat(peer.sent).containsExactly(expected.trim());
    }

    @ParameterizedTest
    @CsvSource({"/wss", "/ws/", "/chatrooms/kitchen", "/chatrooms/a/b/c", "/", "/mux"})
    void aPathNoEndpointServesIsNoSocket(String path) {
        assertThat(routes().resolve(path)).isNull();
    }

    @Test
    void aTemplateOfAClassOnlyItsOwnSocketServesIsListedButNotResolved() {
        SocketRoutes r = new SocketRoutes();
        r.add(UriTemplate.parse("/plain"), null);
        assertThat(r.templates()).extracting(UriTemplate::value).containsExactly("/plain");
        assertThat(r.resolve("/plain")).isNull();
    }

    @Test
    void aTopicKeepsTheCarriersTokenUnlessItNamesItsOwn() {
        SocketRequest mux = new SocketRequest("ws", "/mux", Map.of(), Map.of("access_token", List.of("T")), "UA", "1.2.3.4", "T");
        SocketRequest chat = mux.forTopic("mux", "/chatrooms/x/chat?name=ann%20b");
        assertThat(chat.path()).isEqualTo("/chatrooms/x/chat");
        assertThat(chat.queryParam("name")).isEqualTo("ann b");
        assertThat(chat.token()).isEqualTo("T");
        assertThat(chat.userAgent()).isEqualTo("UA");
        assertThat(chat.transport()).isEqualTo("mux");
        assertThat(mux.forTopic("mux", "/ws?access_token=U").token()).isEqualTo("U");
    }
}
