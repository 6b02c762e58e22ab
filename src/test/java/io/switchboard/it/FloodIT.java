package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.cluster.ClusterNodes;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The budgets (docs/protocol.md, Budgets) end to end: a single hub in its own Payara Micro with {@code -Xmx256m} (and
 * {@code -XX:+ExitOnOutOfMemoryError}, so an OOM ends the process where this test sees it) is
 * flooded at once with retained values, history, poll sessions, event streams, /mux topics, pending
 * calls, state documents and subscriptions. Every flooder is answered {@code overloaded} (history: evicted, so
 * a later since sees a gap), a normal client keeps its round trips going throughout, and once
 * history and retained values have expired the hub's heap comes back down. The hub runs with the
 * default budgets except the expiry times (short, to be waited for) and the document and
 * subscription counts (smaller, so the flood that reaches them is short).
 */
class FloodIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int KB60 = 60 * 1024;
    private static final String BIG = "\"" + "v".repeat(KB60) + "\"";
    private static final long EXPIRY = 15_000;
    private static final int DOCUMENTS = 2000;
    private static final int SUBSCRIPTIONS = 200;
    private static ClusterNodes hub;

    @BeforeAll
    static void start() {
        hub = ClusterNodes.start("flood", 1, Map.of(
                        "switchboard.cluster", "false",
                        "switchboard.historyTtl", String.valueOf(EXPIRY),
                        "switchboard.retainedTtl", String.valueOf(EXPIRY),
                        "switchboard.limits.documents", String.valueOf(DOCUMENTS),
                        "switchboard.limits.subscriptions", String.valueOf(SUBSCRIPTIONS)),
                List.of("-Xmx256m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-XX:G1PeriodicGCInterval=1000"));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void floodersAreOverloadedTheNormalClientKeepsWorkingAndHeapComesBackDown() throws Exception {
        long before = metric("switchboard_heap_used");
        AtomicLong peak = new AtomicLong(before);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> {
            try {
                peak.accumulateAndGet(metric("switchboard_heap_used"), Math::max);
            } catch (Exception | AssertionError e) {
                // a sample missed under load: the next one counts
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger roundTrips = new AtomicInteger();
        long started = System.nanoTime();
        try (WsClient normal = WsClient.connect(hub.ws(0, "/ws"))) {
            normal.send("{'op':'hello','client':'normal'}").nextOp("welcome");
            normal.send("{'op':'sub','ch':'/normal/echo','id':'s'}").nextOp("ok");
            normal.send("{'op':'patch','ch':'/state/normal','merge':{'n':0},'id':'p0'}").nextOp("ok");
            CompletableFuture<Void> normalClient = CompletableFuture.runAsync(() -> keepWorking(normal, flooding, roundTrips), pool);

            List<CompletableFuture<Integer>> retained = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int socket = s;
                retained.add(CompletableFuture.supplyAsync(() -> floodRetained(socket), pool));
            }
            CompletableFuture<Integer> history = CompletableFuture.supplyAsync(FloodIT::floodHistory, pool);
            CompletableFuture<Integer> polls = CompletableFuture.supplyAsync(FloodIT::floodPolls, pool);
            CompletableFuture<Integer> sse = CompletableFuture.supplyAsync(FloodIT::floodEventStreams, pool);
            CompletableFuture<Integer> mux = CompletableFuture.supplyAsync(FloodIT::floodMuxTopics, pool);
            CompletableFuture<Integer> calls = CompletableFuture.supplyAsync(FloodIT::floodCalls, pool);
            CompletableFuture<Integer> documents = CompletableFuture.supplyAsync(FloodIT::floodDocuments, pool);
            CompletableFuture<Integer> subscriptions = CompletableFuture.supplyAsync(FloodIT::floodSubscriptions, pool);

            for (CompletableFuture<Integer> r : retained) {
                assertThat(r.get(600, TimeUnit.SECONDS)).as("retained flooder refused").isPositive();
            }
            assertThat(history.get(600, TimeUnit.SECONDS)).as("history messages published").isEqualTo(2000);
            assertThat(polls.get(600, TimeUnit.SECONDS)).as("poll sessions opened before 503").isEqualTo(64);
            assertThat(sse.get(600, TimeUnit.SECONDS)).as("event streams opened before 503").isEqualTo(64);
            assertThat(mux.get(600, TimeUnit.SECONDS)).as("mux topics refused").isEqualTo(100 - 64);
            assertThat(calls.get(600, TimeUnit.SECONDS)).as("calls refused").isEqualTo(300 - 256);
            assertThat(documents.get(600, TimeUnit.SECONDS)).as("documents held when refused").isEqualTo(DOCUMENTS);
            assertThat(subscriptions.get(600, TimeUnit.SECONDS)).as("subscriptions made").isEqualTo(SUBSCRIPTIONS - 1);
            flooding.set(false);
            normalClient.get(120, TimeUnit.SECONDS);
        } finally {
            flooding.set(false);
            pool.shutdownNow();
        }
        long floodMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(roundTrips.get()).as("the normal client's round trips during the flood").isPositive();
        assertThat(hub.isAlive(0)).as("the hub survived (an OOM would have ended it)").isTrue();
        assertThat(Files.readString(hub.log(0))).doesNotContain("OutOfMemoryError");
        assertThat(metric("switchboard_overloaded_retained")).isPositive();
        assertThat(metric("switchboard_overloaded_sessions_address")).as("one poll, one event stream").isEqualTo(2);
        assertThat(metric("switchboard_overloaded_mux_topics")).isEqualTo(100 - 64);
        assertThat(metric("switchboard_overloaded_calls")).isEqualTo(300 - 256);
        assertThat(metric("switchboard_overloaded_documents")).isPositive();
        assertThat(metric("switchboard_overloaded_subscriptions")).isEqualTo(1);
        assertThat(metric("switchboard_history_evicted")).as("history past the budget is evicted").isPositive();
        long historyLimit = 64L << 20;
        assertThat(metric("switchboard_history_bytes")).isLessThanOrEqualTo(historyLimit + KB60 * 8);

        // Expiry, by cause: history and retained values go on the timer's sweep, then the heap follows.
        await("history and retained values expire").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                .until(() -> metric("switchboard_history_bytes") < 4L << 20);
        long high = peak.get();
        sampler.shutdownNow();
        assertThat(high).as("the flood filled the heap (before " + before + ")").isGreaterThan(before + (48L << 20));
        long ceiling = before + (high - before) / 2;
        await("heap comes back down below " + ceiling).atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                .until(() -> metric("switchboard_heap_used") < ceiling);
        long after = metric("switchboard_heap_used");
        System.out.printf("FloodIT: heap before %d MB, peak %d MB, after expiry %d MB; flood %d ms; %d normal round trips%n",
                before >> 20, high >> 20, after >> 20, floodMillis, roundTrips.get());
        assertThat(hub.isAlive(0)).isTrue();
        try (WsClient late = WsClient.connect(hub.ws(0, "/ws"))) {
            late.send("{'op':'hello'}").nextOp("welcome");
            late.send("{'op':'pub','ch':'/flood/r/0/1','data':1,'retain':true,'id':'p'}");
            assertThat(late.nextOp("ok").getString("id")).as("room again for retained values").isEqualTo("p");
            late.send("{'op':'sub','ch':'/flood/h/0','since':0,'id':'g'}");
            JsonObject gap = late.nextOp("gap");
            assertThat(gap.getJsonNumber("from").longValue()).isEqualTo(1);
        }
    }

    /** Publishes to itself and patches a document it made before the flood, until the flood is over. */
    private static void keepWorking(WsClient c, AtomicBoolean flooding, AtomicInteger roundTrips) {
        for (int n = 1; flooding.get() || n < 3; n++) {
            c.send("{'op':'pub','ch':'/normal/echo','data':" + n + ",'id':'n" + n + "'}");
            JsonObject msg = c.nextOp("msg");
            assertThat(msg.getInt("data")).isEqualTo(n);
            assertThat(c.nextOp("ok").getString("id")).isEqualTo("n" + n);
            c.send("{'op':'patch','ch':'/state/normal','merge':{'n':" + n + "},'id':'d" + n + "'}");
            assertThat(c.nextOp("ok").getString("id")).isEqualTo("d" + n);
            roundTrips.incrementAndGet();
        }
    }

    /** 60 KB retained values to new channels until ten are refused; returns how many were refused. */
    private static int floodRetained(int socket) {
        try (WsClient c = WsClient.connect(hub.ws(0, "/ws"))) {
            c.send("{'op':'hello'}").nextOp("welcome");
            int refused = 0;
            for (int i = 0; refused < 10; i++) {
                c.sendRaw("{\"op\":\"pub\",\"ch\":\"/flood/r/" + socket + "/" + i + "\",\"data\":" + BIG
                        + ",\"retain\":true,\"id\":\"r" + i + "\"}");
                JsonObject answer = c.next();
                if ("error".equals(answer.getString("op"))) {
                    String code = answer.getJsonObject("error").getString("code");
                    assertThat(code).isIn("overloaded", "rate_limited");
                    refused += "overloaded".equals(code) ? 1 : 0;
                }
            }
            return refused;
        }
    }

    /** 2,000 plain 60 KB messages to new channels (120 MB, twice historyBytes): history is evicted, never refused. */
    private static int floodHistory() {
        try (WsClient c = WsClient.connect(hub.ws(0, "/ws"))) {
            c.send("{'op':'hello'}").nextOp("welcome");
            int published = 0;
            for (int i = 0; i < 2000; i++) {
                c.sendRaw("{\"op\":\"pub\",\"ch\":\"/flood/h/" + i + "\",\"data\":" + BIG + ",\"id\":\"h" + i + "\"}");
                JsonObject answer = c.next();
                if ("ok".equals(answer.getString("op"))) {
                    published++;
                } else {
                    assertThat(answer.getJsonObject("error").getString("code")).isEqualTo("rate_limited");
                    i--;
                }
            }
            return published;
        }
    }

    /** New poll sessions from one address until 503 overloaded; returns how many were opened. */
    private static int floodPolls() {
        for (int opened = 0; opened <= 1000; opened++) {
            HttpResponse<String> r = post("api/poll", "{\"wait\":0}");
            if (r.statusCode() == 503) {
                assertThat(r.body()).contains("\"code\":\"overloaded\"");
                return opened;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        throw new AssertionError("1000 poll sessions from one address and no 503");
    }

    /** Event streams from one address, all held open, until 503 overloaded; returns how many were opened. */
    private static int floodEventStreams() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<java.io.InputStream> held = new ArrayList<>();
        try {
            for (int opened = 0; opened <= 1000; opened++) {
                HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(hub.url(0).resolve("sse/flood/sse"))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() == 503) {
                    try (java.io.InputStream body = r.body()) {
                        assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                                .contains("\"code\":\"overloaded\"");
                    }
                    return opened;
                }
                assertThat(r.statusCode()).isEqualTo(200);
                held.add(r.body());
            }
            throw new AssertionError("1000 event streams from one address and no 503");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            for (java.io.InputStream in : held) {
                try {
                    in.close();
                } catch (java.io.IOException e) {
                    // the stream is being dropped anyway
                }
            }
        }
    }

    /** 100 topics on one /mux socket; returns how many were refused with uns 1013. */
    private static int floodMuxTopics() {
        try (MuxClient mux = MuxClient.connect(hub.ws(0, "/mux"), Map.of())) {
            for (int i = 0; i < 100; i++) {
                mux.send("sub,/ws%3Fn%3D" + i);
            }
            int refused = 0;
            while (refused < 100 - 64) {
                String frame = mux.next();
                assertThat(frame).startsWith("uns,/ws%3Fn%3D").contains(",1013,overloaded");
                refused++;
            }
            return refused;
        }
    }

    /** 300 calls to a callee that never answers; returns how many were refused. */
    private static int floodCalls() {
        try (WsClient callee = WsClient.connect(hub.ws(0, "/ws"));
             WsClient caller = WsClient.connect(hub.ws(0, "/ws"))) {
            callee.send("{'op':'hello','kind':'service'}").nextOp("welcome");
            callee.send("{'op':'register','ch':'/flood/svc','id':'r'}").nextOp("ok");
            caller.send("{'op':'hello'}").nextOp("welcome");
            for (int i = 0; i < 300; i++) {
                caller.send("{'op':'call','ch':'/flood/svc','data':" + i + ",'id':'c" + i + "','timeout':600000}");
            }
            int refused = 0;
            while (refused < 300 - 256) {
                JsonObject e = caller.nextOp("error");
                assertThat(e.getJsonObject("error").getString("code")).isEqualTo("overloaded");
                refused++;
            }
            for (int i = 0; i < 256; i++) {
                assertThat(callee.nextOp("invoke").getString("ch")).isEqualTo("/flood/svc");
            }
            return refused;
        }
    }

    /** New documents until overloaded, then one document grown past documentBytes; returns how many were made. */
    private static int floodDocuments() {
        try (WsClient c = WsClient.connect(hub.ws(0, "/ws"))) {
            c.send("{'op':'hello'}").nextOp("welcome");
            String half = "x".repeat(40_000);
            c.send("{'op':'patch','ch':'/state/grow','merge':{'a':'" + half + "'},'id':'g1'}");
            assertThat(c.nextOp("ok").getString("id")).isEqualTo("g1");
            c.send("{'op':'patch','ch':'/state/grow','merge':{'b':'" + half + "'},'id':'g2'}");
            JsonObject tooBig = c.next();
            assertThat(tooBig.getJsonObject("error").getString("code")).isEqualTo("overloaded");
            for (int made = 0; made <= DOCUMENTS; made++) {
                c.send("{'op':'patch','ch':'/state/flood/" + made + "','merge':{'n':1},'id':'d" + made + "'}");
                JsonObject answer = c.next();
                if ("error".equals(answer.getString("op"))) {
                    assertThat(answer.getJsonObject("error").getString("code")).isEqualTo("overloaded");
                    // the normal client's document and /state/grow are the others
                    return made + 2;
                }
            }
            throw new AssertionError("more than " + DOCUMENTS + " documents made");
        }
    }

    /** Subscriptions until overloaded; returns how many the session had (its inbox included). */
    private static int floodSubscriptions() {
        try (WsClient c = WsClient.connect(hub.ws(0, "/ws"))) {
            c.send("{'op':'hello'}").nextOp("welcome");
            for (int i = 0; i <= SUBSCRIPTIONS; i++) {
                c.send("{'op':'sub','ch':'/flood/sub/" + i + "','id':'s" + i + "'}");
                JsonObject answer = c.next();
                if ("error".equals(answer.getString("op"))) {
                    assertThat(answer.getJsonObject("error").getString("code")).isEqualTo("overloaded");
                    return i;
                }
            }
            throw new AssertionError("more than " + SUBSCRIPTIONS + " subscriptions");
        }
    }

    private static HttpResponse<String> post(String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(hub.url(0).resolve(path)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long metric(String name) throws Exception {
        URI uri = hub.url(0).resolve("metrics");
        String body = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
    }
}
