package io.switchboard.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.Connection;
import io.switchboard.hub.Handshake;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Limits;
import io.switchboard.outbound.SessionLink;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's protocol over any Peer: what /ws is as a /mux topic. */
class PeerWireTest {

    /** A peer whose sends complete only when the test says so (a carrier with a write in flight). */
    static final class SlowPeer implements Peer {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        int closedWith;

        @Override
        public synchronized CompletionStage<Void> send(String text) {
            sent.add(text);
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        void completeAll() {
            List<CompletableFuture<Void>> now;
            synchronized (this) {
                now = new ArrayList<>(pending);
                pending.clear();
            }
            now.forEach(f -> f.complete(null));
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        @Override
        public void ping() {
        }
    }

    private final Hub hub = new Hub(new Router(new LocalMessageLog(100, 60_000, System::currentTimeMillis), new LocalBus()),
            Limits.defaults(), new FrameCodec(JsonProvider.provider()), System::currentTimeMillis);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private SessionLink link(Peer peer) {
        return new SessionLink(new PeerWire(peer), Runnable::run, timers, System::currentTimeMillis, 60_000, n -> { }, () -> { });
    }

    @Test
    void oneWriteInFlightAndWhatPiledUpGoesNext() {
        SlowPeer peer = new SlowPeer();
        Connection c = hub.connect(link(peer), new Handshake("mux", "test", null));
        c.receive("{\"op\":\"hello\",\"kind\":\"service\"}");
        assertThat(peer.sent).hasSize(1);
        assertThat(peer.sent.get(0)).contains("\"op\":\"welcome\"");
        c.receive("{\"op\":\"sub\",\"ch\":\"/t\",\"id\":\"s\"}");
        c.receive("{\"op\":\"pub\",\"ch\":\"/t\",\"data\":1}");
        assertThat(peer.sent).as("nothing more while the welcome is in flight").hasSize(1);
        peer.completeAll();
        assertThat(peer.sent).hasSize(3);
        assertThat(peer.sent.get(1)).contains("\"op\":\"ok\"");
        assertThat(peer.sent.get(2)).contains("\"op\":\"msg\"").contains("\"data\":1");
    }

    @Test
    void batchingClientsGetFramesJoinedInOneText() {
        SlowPeer peer = new SlowPeer();
        Connection c = hub.connect(link(peer), new Handshake("mux", "test", null));
        c.receive("{\"op\":\"hello\",\"kind\":\"service\",\"batch\":true}");
        c.receive("{\"op\":\"ping\",\"id\":\"a\"}");
        c.receive("{\"op\":\"ping\",\"id\":\"b\"}");
        peer.completeAll();
        assertThat(peer.sent).hasSize(2);
        assertThat(peer.sent.get(1).split("\n")).hasSize(2);
    }

    @Test
    void byeClosesThePeerOnceTheWriteInFlightIsDone() {
        SlowPeer peer = new SlowPeer();
        Connection c = hub.connect(link(peer), new Handshake("mux", "test", null));
        c.receive("{\"op\":\"ping\",\"id\":\"p\"}");
        c.receive("{\"op\":\"bye\"}");
        assertThat(peer.closedWith).as("the welcome is still in flight").isZero();
        peer.completeAll();
        assertThat(peer.closedWith).isEqualTo(1000);
    }
}
