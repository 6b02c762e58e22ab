package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promises that only show over time or against clients that misbehave (prompt closes, nothing lost without a gap): a
 * {@code /mux} socket that lives for ten minutes of steady traffic, subscribers that stop reading
 * on channels that never go quiet, and a resumable session that never acks, resumed over and over.
 *
 * <p>The ten-minute socket starts with the first test and is checked by the last: everything else
 * in this class runs while it lives, so the class costs ten minutes, not ten plus the rest.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivenessIT {
    /** The heartbeat of the report: a /ws topic over /mux that pings every 5 s died after 55 s. */
    static final int HEARTBEAT = 5000;
    static final int QUEUE = 300;
    /** How long a hub-decided close may take to reach a client that stopped reading: the grace is one heartbeat. */
    private static final Duration CLOSE_CEILING = Duration.ofMillis(HEARTBEAT).plusSeconds(30);
    /** A socket without a session is cut once the network buffers and then its queue are full: more time. */
    private static final Duration BUFFERS_CEILING = Duration.ofMinutes(2);
    private static final Duration LONG_LIFE = Duration.ofMinutes(Long.getLong("liveness.minutes", 10));

    private static int tcpPort;
    private static LongLivedMuxSession longLived;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            tcpPort = s.getLocalPort();
        }
        return Deployments.hubWith("switchboard.tcp.port=" + tcpPort, "switchboard.heartbeat=" + HEARTBEAT,
                "switchboard.limits.queue=" + QUEUE, "switchboard.limits.rate=100000",
                "switchboard.limits.sessionTtl=120000");
    }

    @Test
    @Order(1)
    void aMuxSocketWithAWsTopicStartsItsLongLife() {
        longLived = LongLivedMuxSession.start(base, "/long/mux", "long-mux");
        longLived.awaitMessages(3);
    }

    @Test
    @Order(2)
    void aTcpSubscriberThatStopsReadingOnABusyChannelIsClosedAndResumesBehindAGap() throws Exception {
        String ch = "/stall/tcp";
        try (Flood flood = Flood.start(base, ch);
             LineClient stalled = LineClient.notReading(base.getHost(), tcpPort)) {
            stalled.send("{'op':'hello','client':'stalled-tcp'}");
            stalled.send("{'op':'sub','ch':'" + ch + "','id':'s'}");
            long t0 = System.nanoTime();
            await().atMost(CLOSE_CEILING).pollInterval(Duration.ofMillis(200)).until(() -> !stalled.keepAlive());
            System.out.printf("LivenessIT: stalled TCP subscriber cut %d ms after it stopped reading%n", ms(t0));
            Seen seen = new Seen();
            stalled.startReading();
            readLinesUntilEnd(stalled, seen);
            assertThat(seen.closeCode).as("a close line, if the hub could write one").isIn(0, 1013);
            int last = flood.stop();
            try (LineClient back = LineClient.connect(base.getHost(), tcpPort)) {
                back.send("{'op':'hello','client':'stalled-tcp','resume':{'seq':" + seen.lastSeq + "}}");
                assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                seen.followOn(back::next, seq -> back.send("{'op':'ack','seq':" + seq + "}"), last);
            }
        }
    }

    @Test
    @Order(3)
    void aWebSocketSubscriberThatStopsReadingOnABusyChannelIsClosedAndResumesBehindAGap() throws Exception {
        String ch = "/stall/ws";
        try (Flood flood = Flood.start(base, ch);
             StalledSocket stalled = StalledSocket.open(Deployments.ws(base, "ws"))) {
            stalled.send("{\"op\":\"hello\",\"client\":\"stalled-ws\"}");
            stalled.send("{\"op\":\"sub\",\"ch\":\"" + ch + "\",\"id\":\"s\"}");
            long t0 = System.nanoTime();
            await().atMost(CLOSE_CEILING).pollInterval(Duration.ofMillis(200)).until(() -> !stalled.keepAlive());
            System.out.printf("LivenessIT: stalled /ws subscriber cut %d ms after it stopped reading%n", ms(t0));
            Seen seen = new Seen();
            stalled.drain().forEach(seen::take);
            assertThat(stalled.closeCode()).isIn(1006, 1013);
            int last = flood.stop();
            try (WsClient back = WsClient.connect(Deployments.ws(base, "ws"))) {
                back.send("{'op':'hello','client':'stalled-ws','resume':{'seq':" + seen.lastSeq + "}}");
                assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                seen.followOn(back::next, seq -> back.send("{'op':'ack','seq':" + seq + "}"), last);
            }
        }
    }

    @Test
    @Order(4)
    void aTreeSocketThatStopsReadingOnABusyChannelIsClosed() throws Exception {
        String ch = "/data/stall/tree";
        // No session here: the socket's own queue (limits.queue texts) fills only once the network
        // buffers behind it are full, so the flood's texts are large to get there soon.
        try (StalledSocket stalled = StalledSocket.open(Deployments.ws(base, ch.substring(1)));
             Flood flood = Flood.start(base, ch, 16_000)) {
            flood.awaitPublished(QUEUE);
            long t0 = System.nanoTime();
            await().atMost(BUFFERS_CEILING).pollInterval(Duration.ofMillis(200)).until(() -> !stalled.keepAlive());
            System.out.printf("LivenessIT: stalled tree socket cut %d ms after it stopped reading%n", ms(t0));
            stalled.drain();
            assertThat(stalled.closeCode()).isIn(1006, 1013);
        }
    }

    @Test
    @Order(5)
    void aChatMemberThatStopsReadingInABusyRoomIsClosed() throws Exception {
        // Also no session: the member's socket queue, behind the network buffers, is what fills.
        try (StalledSocket stalled = StalledSocket.open(Deployments.ws(base, "chatrooms/stall/chat?name=stalled"));
             ChatTalker talker = ChatTalker.start(base, "stall", 16_000)) {
            talker.awaitSaid(QUEUE);
            long t0 = System.nanoTime();
            await().atMost(BUFFERS_CEILING).pollInterval(Duration.ofMillis(200)).until(() -> !stalled.keepAlive());
            System.out.printf("LivenessIT: stalled chat member cut %d ms after it stopped reading%n", ms(t0));
            stalled.drainTexts();
            assertThat(stalled.closeCode()).isIn(1006, 1013);
            assertThat(talker.failed()).as("the talker's own socket").isNull();
        }
    }

    @Test
    @Order(6)
    void aMuxTopicThatFallsBehindIsClosedWith1013AndItsWsSessionResumesBehindAGap() throws Exception {
        String ch = "/stall/mux";
        try (Flood flood = Flood.start(base, ch);
             StalledSocket carrier = StalledSocket.open(Deployments.ws(base, "mux"))) {
            carrier.send("sub,/ws");
            carrier.send("msg,/ws,{\"op\":\"hello\",\"client\":\"stalled-mux\"}");
            carrier.send("msg,/ws,{\"op\":\"sub\",\"ch\":\"" + ch + "\",\"id\":\"s\"}");
            // The /ws topic's session passes its limit once the hub has queued QUEUE messages more than
            // it acked (none): the flood's ping answered proves the hub has taken them all.
            flood.awaitPublished(3 * QUEUE);
            int last = flood.stop();
            assertThat(carrier.keepAlive()).as("the carrier stays up: the topic, not the carrier, fell behind").isTrue();
            Seen seen = new Seen();
            String end = carrier.readUntil(t -> !t.startsWith("msg,/ws,"), t -> seen.take(parse(t.substring("msg,/ws,".length()))));
            assertThat(end).startsWith("uns,/ws,1013,");
            try (WsClient back = WsClient.connect(Deployments.ws(base, "ws"))) {
                back.send("{'op':'hello','client':'stalled-mux','resume':{'seq':" + seen.lastSeq + "}}");
                assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                seen.followOn(back::next, seq -> back.send("{'op':'ack','seq':" + seq + "}"), last);
            }
        }
    }

    /**
     * The report: a resumable subscriber reads everything without acking, is closed with 1013, and
     * resumes from the last seq it saw; in 2 of 5 runs some messages were then missing with no gap.
     */
    @Test
    @Order(7)
    void aResumableSessionThatNeverAcksGetsEveryMessageOrAGapAcrossTwentyResumes() throws Exception {
        String ch = "/never-acks/n";
        Seen seen = new Seen();
        try (Flood flood = Flood.start(base, ch)) {
            for (int round = 0; round < 20; round++) {
                try (WsClient ws = WsClient.connect(Deployments.ws(base, "ws"))) {
                    if (round == 0) {
                        ws.send("{'op':'hello','client':'never-acks-20'}");
                        ws.nextOp("welcome");
                        ws.send("{'op':'sub','ch':'" + ch + "','id':'s'}");
                    } else {
                        ws.send("{'op':'hello','client':'never-acks-20','resume':{'seq':" + seen.lastSeq + "}}");
                        assertThat(ws.nextOp("welcome").getBoolean("resumed")).as("round %d", round).isTrue();
                    }
                    readUntilClosed(ws, seen);
                    assertThat(ws.awaitClose()).as("round %d", round).isEqualTo(1013);
                }
            }
            int last = flood.stop();
            try (WsClient ws = WsClient.connect(Deployments.ws(base, "ws"))) {
                ws.send("{'op':'hello','client':'never-acks-20','resume':{'seq':" + seen.lastSeq + "}}");
                assertThat(ws.nextOp("welcome").getBoolean("resumed")).isTrue();
                seen.followOn(ws::next, seq -> ws.send("{'op':'ack','seq':" + seq + "}"), last);
            }
        }
    }

    @Test
    @Order(100)
    void theMuxSocketLivedThroughItsSteadyTrafficAndItsSessionResumesAfterAnAbruptCarrierClose() throws Exception {
        LongLivedMuxSession s = longLived;
        assertThat(s).as("the long-lived socket was started by the first test").isNotNull();
        await().atMost(LONG_LIFE.plusMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> s.age().compareTo(LONG_LIFE) >= 0 || s.failed() != null);
        assertThat(s.failed()).as("nothing went wrong during %s", LONG_LIFE).isNull();
        assertThat(s.received()).as("a message a second for %s", LONG_LIFE).isGreaterThan((int) LONG_LIFE.toSeconds() * 9 / 10);
        s.abortCarrierAndResume();
    }

    private static void readLinesUntilEnd(LineClient c, Seen seen) {
        while (true) {
            JsonObject f;
            try {
                f = c.next();
            } catch (AssertionError ended) {
                return;
            } catch (jakarta.json.JsonException truncated) {
                return; // an abort can cut the last line short: the end of the stream
            }
            if ("close".equals(f.getString("op"))) {
                seen.closeCode = f.getInt("code");
            } else {
                seen.take(f);
            }
        }
    }

    /** Reads as fast as the hub sends, never acking, until the socket closes. */
    private static void readUntilClosed(WsClient ws, Seen seen) throws InterruptedException {
        long idleSince = System.nanoTime();
        while (true) {
            // onClose comes after the last text, so an empty queue on a closed socket is the end.
            boolean closed = ws.isClosed();
            JsonObject f = ws.poll(Duration.ofMillis(200));
            if (f != null) {
                seen.take(f);
                idleSince = System.nanoTime();
            } else if (closed) {
                return;
            } else {
                assertThat(ms(idleSince)).as("frames or a close within 60 s").isLessThan(60_000);
            }
        }
    }

    static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /**
     * A subscriber's ledger. Every message on its one channel takes the next seq, and the flood
     * numbers them without holes, so {@code seq - n} never changes; a {@code gap} stands in for the
     * seqs it covers. Anything else is a message lost without a gap, or a duplicate.
     */
    static final class Seen {
        long lastSeq;
        long offset = Long.MIN_VALUE;
        int lastN = -1;
        int gaps;
        int closeCode;

        void take(JsonObject f) {
            String op = f.getString("op");
            if (op.equals("gap")) {
                assertThat(f.getJsonNumber("from").longValue()).as("gap starts right after seq %d", lastSeq).isEqualTo(lastSeq + 1);
                lastSeq = f.getJsonNumber("to").longValue();
                gaps++;
            } else if (op.equals("msg")) {
                long seq = f.getJsonNumber("seq").longValue();
                int n = f.getJsonObject("data").getInt("n");
                assertThat(seq).as("msg n=%d after seq %d: nothing lost without a gap, nothing twice", n, lastSeq).isEqualTo(lastSeq + 1);
                if (offset == Long.MIN_VALUE) {
                    offset = seq - n;
                }
                assertThat(seq - n).as("msg n=%d at seq %d: one seq per message", n, seq).isEqualTo(offset);
                lastSeq = seq;
                lastN = n;
            }
        }

        /** Takes frames, acking every 50, until message {@code n} was seen (or covered by a gap). */
        void followOn(java.util.function.Supplier<JsonObject> next, java.util.function.LongConsumer ack, int n) {
            for (int taken = 1; lastN < n && (offset == Long.MIN_VALUE || lastSeq < offset + n); taken++) {
                take(next.get());
                if (taken % 50 == 0) {
                    ack.accept(lastSeq);
                }
            }
            ack.accept(lastSeq);
        }
    }

    /** Says texts of {@code chars} characters in a chat room, 500 a second, reading and dropping what the room sends back. */
    static final class ChatTalker implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final java.util.concurrent.atomic.AtomicInteger said = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        private final java.net.http.WebSocket ws;
        private final String text;

        private ChatTalker(URL base, String room, int chars) {
            this.text = "t".repeat(chars);
            this.ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(Deployments.ws(base, "chatrooms/" + room + "/chat?name=talker"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public void onError(java.net.http.WebSocket w, Throwable error) {
                            failed.compareAndSet(null, error);
                        }
                    }).join();
        }

        static ChatTalker start(URL base, String room, int chars) {
            ChatTalker t = new ChatTalker(base, room, chars);
            t.timer.scheduleAtFixedRate(t::tick, 0, 10, TimeUnit.MILLISECONDS);
            return t;
        }

        private void tick() {
            try {
                for (int i = 0; i < 5; i++) {
                    ws.sendText(text, true).get(10, TimeUnit.SECONDS);
                    said.incrementAndGet();
                }
            } catch (Exception e) {
                failed.compareAndSet(null, e);
            }
        }

        void awaitSaid(int n) {
            await().atMost(Duration.ofSeconds(60)).until(() -> said.get() > n || failed.get() != null);
            assertThat(failed.get()).as("the talker's socket").isNull();
        }

        Throwable failed() {
            return failed.get();
        }

        @Override
        public void close() throws Exception {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            ws.abort();
        }
    }

    /** Publishes {@code {"n":0,1,...}} with a pad (1 KB unless told) on a channel, 2,000 a second, until closed: a channel that never goes quiet. */
    static final class Flood implements AutoCloseable {
        private final String pad;
        private final WsClient pub;
        private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        private final String ch;

        private Flood(URL base, String ch, int padChars) {
            this.ch = ch;
            this.pad = "p".repeat(padChars);
            this.pub = WsClient.connect(Deployments.ws(base, "ws"));
        }

        static Flood start(URL base, String ch) {
            return start(base, ch, 1000);
        }

        static Flood start(URL base, String ch, int padChars) {
            Flood f = new Flood(base, ch, padChars);
            f.timer.scheduleAtFixedRate(f::tick, 0, 10, TimeUnit.MILLISECONDS);
            return f;
        }

        private void tick() {
            for (int i = 0; i < 20; i++) {
                int n = next.getAndIncrement();
                pub.sendRaw("{\"op\":\"pub\",\"ch\":\"" + ch + "\",\"data\":{\"n\":" + n + ",\"pad\":\"" + pad + "\"}}");
            }
        }

        int published() {
            return next.get() - 1;
        }

        void awaitPublished(int n) {
            await().atMost(Duration.ofSeconds(60)).until(() -> next.get() > n);
        }

        /** Stops; the number of the last message, once the hub has taken every publish. */
        int stop() throws Exception {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            pub.send("{'op':'ping','id':'flushed'}");
            pub.nextOp("pong");
            return next.get() - 1;
        }

        @Override
        public void close() throws Exception {
            if (!timer.isShutdown()) {
                stop();
            }
            pub.close();
        }
    }
}
