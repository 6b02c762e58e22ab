package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code /ws} session over a {@code /mux} socket that lives as long as a test wants, with
 * steady traffic: a publisher sends a numbered message a second on its channel, the session acks
 * each one, and pings the hub every 5 s. Anything that ends the carrier or the topic, or a message
 * lost or doubled, is remembered as the failure.
 */
final class LongLivedMuxSession {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URL base;
    private final String channel;
    private final String client;
    private final LivenessIT.Seen seen = new LivenessIT.Seen();
    private final AtomicInteger published = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final long born = System.nanoTime();
    private final WsClient pub;
    private volatile String failed;
    private volatile boolean aborting;
    private WebSocket carrier;

    private LongLivedMuxSession(URL base, String channel, String client) {
        this.base = base;
        this.channel = channel;
        this.client = client;
        this.pub = WsClient.connect(Deployments.ws(base, "ws"));
    }

    static LongLivedMuxSession start(URL base, String channel, String client) {
        LongLivedMuxSession s = new LongLivedMuxSession(base, channel, client);
        s.open();
        s.timer.scheduleAtFixedRate(s::publishOne, 0, 1, TimeUnit.SECONDS);
        s.timer.scheduleAtFixedRate(() -> s.topic("{\"op\":\"ping\",\"id\":\"beat\"}"), 5, 5, TimeUnit.SECONDS);
        return s;
    }

    private void open() {
        carrier = HTTP.newWebSocketBuilder().buildAsync(Deployments.ws(base, "mux"), new Listener()).join();
        carrier.sendText("sub,/ws", true).join();
        topic("{\"op\":\"hello\",\"client\":\"" + client + "\"}");
        topic("{\"op\":\"sub\",\"ch\":\"" + channel + "\",\"id\":\"s\"}");
    }

    private void publishOne() {
        try {
            pub.sendRaw("{\"op\":\"pub\",\"ch\":\"" + channel + "\",\"data\":{\"n\":" + published.getAndIncrement() + "}}");
        } catch (RuntimeException e) {
            fail("publisher: " + e);
        }
    }

    private synchronized void topic(String frame) {
        try {
            carrier.sendText("msg,/ws," + frame, true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            fail("sending on the carrier: " + e);
        }
    }

    void awaitMessages(int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received() >= n || failed != null);
        assertThat(failed).isNull();
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - born);
    }

    String failed() {
        return failed;
    }

    int received() {
        synchronized (seen) {
            return seen.lastN + 1;
        }
    }

    /**
     * Drops the carrier without a close (as a phone losing its network does), publishes on, and
     * resumes the session over a new carrier: every message after the last one seen, in order.
     */
    void abortCarrierAndResume() {
        aborting = true;
        carrier.abort();
        int target = published.get() + 5;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> published.get() > target);
        long from;
        synchronized (seen) {
            from = seen.lastSeq;
        }
        try (MuxClient again = MuxClient.connect(Deployments.ws(base, "mux"), Map.of())) {
            again.send("sub,/ws");
            again.send("msg,/ws,{\"op\":\"hello\",\"client\":\"" + client + "\",\"resume\":{\"seq\":" + from + "}}");
            JsonObject welcome = frame(again);
            assertThat(welcome.getString("op")).isEqualTo("welcome");
            assertThat(welcome.getBoolean("resumed")).as("the session outlived its carrier").isTrue();
            synchronized (seen) {
                seen.followOn(() -> frame(again), seq -> again.send("msg,/ws,{\"op\":\"ack\",\"seq\":" + seq + "}"), target);
            }
        } finally {
            timer.shutdownNow();
            pub.close();
        }
    }

    private static JsonObject frame(MuxClient mux) {
        String t = mux.next("/ws");
        assertThat(t).startsWith("msg,/ws,");
        return LivenessIT.parse(t.substring("msg,/ws,".length()));
    }

    private void fail(String why) {
        if (failed == null && !aborting) {
            failed = why + " after " + age().toSeconds() + " s";
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                String t = part.toString();
                part.setLength(0);
                take(t);
            }
            ws.request(1);
            return null;
        }

        private void take(String t) {
            if (!t.startsWith("msg,/ws,")) {
                fail("the topic ended: " + t);
                return;
            }
            try {
                JsonObject f = LivenessIT.parse(t.substring("msg,/ws,".length()));
                synchronized (seen) {
                    seen.take(f);
                }
                if ("msg".equals(f.getString("op"))) {
                    topic("{\"op\":\"ack\",\"seq\":" + f.getJsonNumber("seq").longValue() + "}");
                }
            } catch (Throwable e) {
                fail(String.valueOf(e));
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            fail("the carrier closed " + code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            fail("the carrier failed: " + error);
        }
    }
}
