package io.switchboard.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketEndpoint;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import io.switchboard.sockets.SocketRoutes;
import io.switchboard.sockets.UriTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class MultiplexerTest {

    /** The mux socket: what the multiplexer sent it, in order. */
    static final class Carrier implements Peer {
        final List<String> sent = new CopyOnWriteArrayList<>();
        int pings;

        @Override
        public CompletionStage<Void> send(String text) {
            sent.add(text);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {
            sent.add("closed " + code);
        }

        @Override
        public void ping() {
            pings++;
        }
    }

    /** An echo socket that records its events and closes when told "bye". */
    final class Echo implements SocketEndpoint {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Peer> peers = new CopyOnWriteArrayList<>();

        @Override
        public SocketHandler open(SocketRequest request, Peer peer) {
            peers.add(peer);
            events.add("open " + request.transport() + " " + request.path() + " " + new java.util.TreeMap<>(request.query())
                    + " token=" + request.token() + " ua=" + request.userAgent());
            return new SocketHandler() {
                @Override
                public void text(String text) {
                    events.add("text " + text);
                    if (text.equals("bye")) {
                        peer.close(1008, "said bye");
                    } else {
                        peer.send("echo " + text);
                    }
                }

                @Override
                public void binary() {
                }

                @Override
                public void pong() {
                    events.add("pong");
                }

                @Override
                public void closed(int code) {
                    events.add("closed " + code);
                }
            };
        }
    }

    private final Carrier carrier = new Carrier();
    private final Echo echo = new Echo();
    private final LinkedBlockingQueue<Runnable> later = new LinkedBlockingQueue<>();
    private final Multiplexer mux;

    MultiplexerTest() {
        SocketRoutes routes = new SocketRoutes();
        routes.add(UriTemplate.parse("/echo"), () -> echo);
        routes.add(UriTemplate.parse("/direct-only"), null);
        SocketRequest handshake = new SocketRequest("ws", "/mux", Map.of(), Map.of(), "Mozilla/5.0", "127.0.0.1", "tok");
        mux = new Multiplexer(carrier, routes, handshake, later::add, 1 << 20);
    }

    @Test
    void topicsPastTheBoundAreAnsweredUnsOverloadedAndAClosedTopicFreesItsPlace() {
        SocketRoutes routes = new SocketRoutes();
        routes.add(UriTemplate.parse("/echo"), () -> echo);
        SocketRequest handshake = new SocketRequest("ws", "/mux", Map.of(), Map.of(), "Mozilla/5.0", "127.0.0.1", "tok");
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        Multiplexer small = new Multiplexer(carrier, routes, handshake, later::add, 1 << 20, 2, refused::incrementAndGet);
        small.received("sub,/echo%3Fn%3D1");
        small.received("sub,/echo%3Fn%3D2");
        small.received("sub,/echo%3Fn%3D3");
        assertThat(small.topics()).isEqualTo(2);
        assertThat(carrier.sent).containsExactly("uns,/echo%3Fn%3D3,1013,overloaded: 2 topics are open (limits.muxTopics)");
        assertThat(refused.get()).isEqualTo(1);
        small.received("uns,/echo%3Fn%3D1");
        small.received("sub,/echo%3Fn%3D3");
        assertThat(small.topics()).isEqualTo(2);
        assertThat(refused.get()).isEqualTo(1);
    }

    @Test
    void aTopicIsTheSocketItNamesWithTheMuxHandshake() {
        mux.received("sub,/echo%3Fname%3Dann");
        mux.received("msg,/echo%3Fname%3Dann,hello, world");
        assertThat(echo.events).containsExactly(
                "open mux /echo {name=[ann]} token=tok ua=Mozilla/5.0", "text hello, world");
        assertThat(carrier.sent).containsExactly("msg,/echo%3Fname%3Dann,echo hello, world");
    }

    @Test
    void aPathThatIsNoSocketOfThisServerIsAnsweredUns() {
        mux.received("sub,/nothing/here");
        mux.received("sub,/direct-only");
        mux.received("sub,/mux");
        assertThat(carrier.sent).containsExactly(
                "uns,/nothing/here,4404,no socket at /nothing/here",
                "uns,/direct-only,4404,no socket at /direct-only",
                "uns,/mux,4404,no socket at /mux");
        assertThat(mux.topics()).isZero();
    }

    @Test
    void unsFromTheClientClosesTheTopicCleanlyOnceAndLaterFramesAreIgnored() {
        mux.received("sub,/echo");
        mux.received("uns,/echo");
        mux.received("uns,/echo");
        mux.received("msg,/echo,late");
        mux.received("sub,/echo");
        mux.received("uns,/echo,4001,dropped");
        assertThat(echo.events).filteredOn(e -> !e.startsWith("open")).containsExactly("closed 1000", "closed 4001");
        assertThat(carrier.sent).isEmpty();
    }

    @Test
    void anEndpointClosingItsTopicSendsUnsAfterWhatItSentAndHearsClosedOnce() {
        mux.received("sub,/echo");
        mux.received("msg,/echo,one");
        mux.received("msg,/echo,bye");
        mux.received("msg,/echo,ignored");
        assertThat(carrier.sent).containsExactly("msg,/echo,echo one", "uns,/echo,1008,said bye");
        assertThat(echo.events).filteredOn(e -> !e.startsWith("open")).containsExactly("text one", "text bye", "closed 1008");
        assertThat(echo.peers.get(0).send("after").toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void aCloseFromAnotherThreadIsDeliveredOnTheExecutor() throws Exception {
        mux.received("sub,/echo");
        Thread other = new Thread(() -> echo.peers.get(0).close(1013, "slow"));
        other.start();
        other.join();
        assertThat(carrier.sent).containsExactly("uns,/echo,1013,slow");
        assertThat(echo.events).noneMatch(e -> e.startsWith("closed"));
        later.take().run();
        assertThat(echo.events).contains("closed 1013");
        mux.received("msg,/echo,gone");
        assertThat(echo.events).doesNotContain("text gone");
    }

    @Test
    void twoTopicsToOnePathAreTwoSocketsAndTheCarrierClosingClosesBoth() {
        mux.received("sub,/echo");
        mux.received("sub,/echo%232");
        mux.received("sub,/echo");
        mux.received("msg,/echo%232,b");
        assertThat(echo.peers).hasSize(2);
        assertThat(carrier.sent).containsExactly("msg,/echo%232,echo b");
        mux.pong();
        echo.peers.get(0).ping();
        assertThat(carrier.pings).isEqualTo(1);
        mux.closed(1006);
        assertThat(echo.events).filteredOn(e -> !e.startsWith("open") && !e.startsWith("text"))
                .containsExactly("pong", "pong", "closed 1006", "closed 1006");
        assertThat(mux.topics()).isZero();
    }

    @Test
    void framesThatAreNotMultiplexFramesAreIgnored() {
        mux.received("hello");
        mux.received("msg,/echo,nobody subscribed");
        assertThat(carrier.sent).isEmpty();
        assertThat(echo.events).isEmpty();
    }
}
