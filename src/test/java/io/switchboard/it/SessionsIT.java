package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.HubClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions that never lose a message: the Java client through a proxy that keeps cutting the
 * connection, a subscriber alternating between /ws and /api/poll, slow consumers, expiry and bad
 * resume input. The session TTL is 10 s here so that expiry can be tested, and the heartbeat 1 s so
 * that a connection that died without either side hearing of it is noticed within two heartbeats.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SessionsIT {
    private static final int MESSAGES = 100_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.limits.sessionTtl=10000", "switchboard.limits.rate=100000",
                "switchboard.heartbeat=1000");
    }

    private HubClient client(URI uri, String id) {
        return HubClient.builder(uri).client(id).backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200))).build();
    }

    /** Publishes n = 0..count-1 on the channel at about {@code perSecond}, at most 500 unanswered. */
    private static void publishNumbered(HubClient pub, String ch, int count, int perSecond) throws Exception {
        NumberedPublisher.publish(pub, ch, count, perSecond, 500, 600);
    }

    private static void remember(java.util.Deque<String> events, String event) {
        events.addLast(System.currentTimeMillis() % 100000 + " " + event);
        while (events.size() > 8) {
            events.pollFirst();
        }
    }

    private static void assertExactlyOnceInOrder(List<Integer> seen, int count) {
        assertThat(seen).hasSize(count);
        for (int i = 0; i < count; i++) {
            if (seen.get(i) != i) {
                throw new AssertionError("message " + i + " out of place: got " + seen.get(i));
            }
        }
    }

    @Test
    void aClientBehindAConnectionThatKeepsBreakingGetsEveryMessageOnceInOrder() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort())) {
            URI viaProxy = URI.create("ws://127.0.0.1:" + proxy.port() + base.getPath() + "ws");
            List<Integer> seen = new CopyOnWriteArrayList<>();
            List<JsonObject> gaps = new CopyOnWriteArrayList<>();
            java.util.Deque<String> events = new java.util.concurrent.ConcurrentLinkedDeque<>();
            HubClient sub = HubClient.builder(viaProxy).client("faulty-sub")
                    .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200))).onGap(gaps::add)
                    .onDisconnect((code, reason) -> remember(events, "closed " + code + " " + reason + " at " + seen.size()))
                    .onReconnect(resumed -> remember(events, "welcome resumed=" + resumed + " at " + seen.size()))
                    .build();
            HubClient pub = client(Deployments.ws(base, "ws"), "faulty-pub");
            sub.connect().get(10, TimeUnit.SECONDS);
            sub.subscribe("/faulty/**", m -> seen.add(m.data().asJsonObject().getInt("n"))).get(10, TimeUnit.SECONDS);
            pub.connect().get(10, TimeUnit.SECONDS);

            // Cuts at random moments 50-250 ms apart, on a timer of their own, while publishing and
            // until there have been at least 20.
            AtomicBoolean publishing = new AtomicBoolean(true);
            java.util.concurrent.ScheduledExecutorService cuts = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            Random random = new Random(42);
            Runnable[] cut = new Runnable[1];
            cut[0] = () -> {
                proxy.cutAll();
                if (publishing.get() || proxy.cuts() < 20) {
                    cuts.schedule(cut[0], 50 + random.nextInt(200), TimeUnit.MILLISECONDS);
                }
            };
            cuts.schedule(cut[0], 50 + random.nextInt(200), TimeUnit.MILLISECONDS);
            // 1,500/s, and never more than 5,000 ahead of the subscriber: a connection that dies
            // unnoticed is dropped within about 3 s (two heartbeats and the check's period), and what
            // piles up meanwhile must stay under the queue limit (10,000) to need no gap, however long
            // a loaded machine keeps the subscriber from reading.
            // (A gap lets the publisher go on: what it lost never arrives, and the test says so below.)
            NumberedPublisher.publish(pub, "/faulty/n", MESSAGES, 1_500, 500, 600,
                    () -> gaps.isEmpty() ? seen.size() : Integer.MAX_VALUE, 5_000);
            publishing.set(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.cuts() >= 20);
            cuts.shutdown();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= MESSAGES);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("delivered " + seen.size() + " of " + MESSAGES + ", last n "
                        + (seen.isEmpty() ? -1 : seen.get(seen.size() - 1)) + ", client at seq " + sub.lastSeq()
                        + ", cuts " + proxy.cuts() + ", gaps " + gaps + ", last events " + events, e);
            }
            assertThat(proxy.cuts()).isGreaterThanOrEqualTo(20);
            assertThat(gaps).isEmpty();
            assertExactlyOnceInOrder(seen, MESSAGES);
            sub.close();
            pub.close();
        }
    }

    @Test
    void aSubscriberAlternatingBetweenWebSocketAndPollingMissesNothing() throws Exception {
        String client = "alternating-sub";
        HubClient pub = client(Deployments.ws(base, "ws"), "alternating-pub");
        pub.connect().get(10, TimeUnit.SECONDS);
        List<Integer> seen = new ArrayList<>();
        long[] lastSeq = {0};
        try (WsClient ws = WsClient.connect(Deployments.ws(base, "ws"))) {
            ws.send("{'op':'hello','client':'" + client + "'}");
            ws.nextOp("welcome");
            ws.send("{'op':'sub','ch':'/alt/**','id':'s'}");
            ws.nextOp("ok");
            ws.abort();
        }
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            try {
                publishNumbered(pub, "/alt/n", MESSAGES, 20_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int round = 0;
        while (seen.size() < MESSAGES) {
            if (round++ % 2 == 0) {
                readOverWebSocket(client, lastSeq, seen, 4000);
            } else {
                readOverPolling(client, lastSeq, seen, 6);
            }
            assertThat(round).as("rounds").isLessThan(400);
        }
        publishing.get(60, TimeUnit.SECONDS);
        assertThat(round).isGreaterThanOrEqualTo(4);
        assertExactlyOnceInOrder(seen, MESSAGES);
        pub.close();
    }

    private void readOverWebSocket(String client, long[] lastSeq, List<Integer> seen, int frames) {
        try (WsClient ws = WsClient.connect(Deployments.ws(base, "ws"))) {
            ws.send("{'op':'hello','client':'" + client + "','resume':{'seq':" + lastSeq[0] + "}}");
            assertThat(ws.nextOp("welcome").getBoolean("resumed")).isTrue();
            for (int i = 0; i < frames && seen.size() < MESSAGES; i++) {
                take(ws.next(), lastSeq, seen);
                if (i % 100 == 99) {
                    ws.send("{'op':'ack','seq':" + lastSeq[0] + "}");
                }
            }
            ws.abort();
        }
    }

    private void readOverPolling(String client, long[] lastSeq, List<Integer> seen, int polls) throws Exception {
        for (int i = 0; i < polls && seen.size() < MESSAGES; i++) {
            JsonObject answer = poll("{\"client\":\"" + client + "\",\"ack\":" + lastSeq[0] + ",\"wait\":5}");
            assertThat(answer.getString("client")).isEqualTo(client);
            for (JsonValue f : answer.getJsonArray("frames")) {
                take(f.asJsonObject(), lastSeq, seen);
            }
        }
    }

    private static void take(JsonObject f, long[] lastSeq, List<Integer> seen) {
        String op = f.getString("op");
        assertThat(op).as("frame %s", f).isIn("msg", "ok", "welcome");
        if (!f.containsKey("seq")) {
            return;
        }
        long seq = f.getJsonNumber("seq").longValue();
        if (seq <= lastSeq[0]) {
            return;
        }
        assertThat(seq).as("no seq skipped").isEqualTo(lastSeq[0] + 1);
        lastSeq[0] = seq;
        seen.add(f.getJsonObject("data").getInt("n"));
    }

    private JsonObject poll(String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/poll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    @Test
    void aSubscriberThatStopsAckingIsCutWith1013WhileAnotherKeepsUpAndResumesBehindAGap() throws Exception {
        int count = 12_000;
        HubClient fast = client(Deployments.ws(base, "ws"), "keeps-up");
        ConcurrentLinkedQueue<Integer> fastSeen = new ConcurrentLinkedQueue<>();
        fast.connect().get(10, TimeUnit.SECONDS);
        fast.subscribe("/slow/n", m -> fastSeen.add(m.data().asJsonObject().getInt("n"))).get(10, TimeUnit.SECONDS);
        HubClient pub = client(Deployments.ws(base, "ws"), "slow-pub");
        pub.connect().get(10, TimeUnit.SECONDS);
        long slowBefore = metric("switchboard_slow_consumers");
        long droppedBefore = metric("switchboard_frames_dropped");
        java.util.concurrent.ScheduledExecutorService keepAlive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (WsClient slow = WsClient.connect(Deployments.ws(base, "ws"))) {
            slow.send("{'op':'hello','client':'never-acks'}");
            slow.nextOp("welcome");
            slow.send("{'op':'sub','ch':'/slow/n','id':'s'}");
            slow.nextOp("ok");
            // The subscriber is alive, it only never acks. Its liveness must not hang on the hub's
            // pings, which queue behind thousands of frames on the socket: on a busy machine the pong
            // can come back after two heartbeats, and the hub then closes with 1001, not for the
            // reason under test. So it also says something of its own, upstream, every 200 ms.
            keepAlive.scheduleWithFixedDelay(() -> {
                if (!slow.isClosed()) {
                    slow.send("{'op':'ping'}");
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            publishNumbered(pub, "/slow/n", count, 50_000);
            assertThat(slow.awaitClose(Duration.ofSeconds(60))).isEqualTo(1013);
        } finally {
            keepAlive.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> fastSeen.size() >= count);
        assertExactlyOnceInOrder(new ArrayList<>(fastSeen), count);
        try (WsClient back = WsClient.connect(Deployments.ws(base, "ws"))) {
            back.send("{'op':'hello','client':'never-acks','resume':{'seq':0}}");
            assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
            JsonObject gap = back.next();
            assertThat(gap.getString("op")).isEqualTo("gap");
            assertThat(gap.getJsonNumber("from").longValue()).isEqualTo(1);
            long to = gap.getJsonNumber("to").longValue();
            assertThat(gap.getJsonNumber("seq").longValue()).isEqualTo(to);
            long expectSeq = to + 1;
            int lastN = -1;
            for (JsonObject m = back.next(); ; m = back.next()) {
                assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(expectSeq++);
                int n = m.getJsonObject("data").getInt("n");
                assertThat(n).isGreaterThan(lastN);
                lastN = n;
                if (n == count - 1) {
                    break;
                }
            }
        }
        // Counters are hub-wide: this test owns only what they gained while it ran (tests of a class
        // run one at a time, and nothing else here is a slow consumer).
        assertThat(metric("switchboard_slow_consumers") - slowBefore).isGreaterThanOrEqualTo(1);
        assertThat(metric("switchboard_frames_dropped") - droppedBefore).isGreaterThanOrEqualTo(1);
        fast.close();
        pub.close();
    }

    private long metric(String name) throws Exception {
        URI uri = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/metrics");
        String body = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{")).mapToLong(l -> (long) Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }

    @Test
    void anExpiredSessionResumesAsNewAndTheClientRestoresItsSubscriptions() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort())) {
            URI viaProxy = URI.create("ws://127.0.0.1:" + proxy.port() + base.getPath() + "ws");
            CompletableFuture<Boolean> reconnected = new CompletableFuture<>();
            // A device, so that /api/devices shows when this one session ends: the hub-wide session
            // gauge also drops when the sessions of earlier tests expire.
            HubClient sub = HubClient.builder(viaProxy).client("expires").kind("device").backoff(new Backoff(
                    Duration.ofMillis(50), Duration.ofMillis(200))).onReconnect(reconnected::complete).build();
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            sub.connect().get(10, TimeUnit.SECONDS);
            sub.subscribe("/expiry/**", m -> seen.add(m.channel())).get(10, TimeUnit.SECONDS);
            assertThat(device("expires")).as("listed while its session lives").isPresent();
            long refusedAt = System.nanoTime();
            proxy.refuse(true);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    device("expires").map(d -> !d.getBoolean("connected")).orElse(false));
            // Then the hub's tick ends it once the session TTL (10 s here) has passed.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    device("expires").isEmpty());
            assertThat(System.nanoTime() - refusedAt).as("not expired before the session TTL")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10_000));
            proxy.refuse(false);
            assertThat(reconnected.get(30, TimeUnit.SECONDS)).as("resumed").isFalse();
            HubClient pub = client(Deployments.ws(base, "ws"), "expiry-pub");
            pub.connect().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                pub.publish("/expiry/after", JsonValue.TRUE).get(5, TimeUnit.SECONDS);
                return seen.contains("/expiry/after");
            });
            sub.close();
            pub.close();
        }
    }

    /** The device of this client id in GET /api/devices, if its session lives. */
    private java.util.Optional<JsonObject> device(String client) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/devices")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.createReader(new StringReader(r.body())).readArray().getValuesAs(JsonObject.class).stream()
                .filter(d -> d.getString("client").equals(client)).findFirst();
    }

    @Test
    void badResumeInputIsAnsweredAsDocumented() throws Exception {
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            c.send("{'op':'hello','client':'never-seen-before','resume':{'seq':17}}");
            JsonObject w = c.nextOp("welcome");
            assertThat(w.getBoolean("resumed")).isFalse();
            c.send("{'op':'ack','seq':5}");
            JsonObject err = c.nextOp("error");
            assertThat(err.getJsonObject("error").getString("code")).isEqualTo("bad_frame");
            assertThat(err.containsKey("seq")).isFalse();
            c.abort();
        }
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            c.send("{'op':'hello','client':'never-seen-before','resume':{'seq':50}}");
            assertThat(c.nextOp("welcome").getBoolean("resumed")).isTrue();
            JsonObject err = c.nextOp("error");
            assertThat(err.getJsonObject("error").getString("code")).isEqualTo("bad_frame");
            assertThat(err.getJsonObject("error").getString("message")).contains("beyond the last seq");
            c.send("{'op':'hello','client':'x','resume':'soon'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("bad_frame");
        }
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/poll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"ack\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bad_frame");
        JsonArray none = poll("{\"wait\":0,\"frames\":[{\"op\":\"hello\",\"name\":\"poller-1\"}]}").getJsonArray("frames");
        assertThat(none.getJsonObject(0).getString("op")).isEqualTo("welcome");
    }
}
