package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.hub.HubEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook sender against a real HTTP server: signature, id header, order, retry with backoff, overflow. */
class WebhooksTest {
    private static final String SECRET = "s3cret-for-the-test";

    record Received(String id, String signature, String body, long nanos) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor();
    private HttpServer server;
    private Webhooks hooks;

    private HttpServer serve(int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        s.createContext("/hook", ex -> {
            attempts.incrementAndGet();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 204;
            if (status == 204) {
                received.add(new Received(ex.getRequestHeaders().getFirst(Webhooks.EVENT_ID),
                        ex.getRequestHeaders().getFirst(Webhooks.SIGNATURE), body, System.nanoTime()));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        s.start();
        return s;
    }

    private Webhooks hooksTo(int port, int capacity, long retry, long maxRetry) {
        hooks = new Webhooks(URI.create("http://127.0.0.1:" + port + "/hook"), SECRET, capacity, retry, maxRetry, 5_000,
                runner, HttpClient.newHttpClient());
        return hooks;
    }

    @AfterEach
    void stop() {
        if (hooks != null) {
            hooks.stop();
        }
        runner.shutdownNow();
        if (server != null) {
            server.stop(0);
        }
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsArriveSignedWithTheirIdInOrder() throws Exception {
        server = serve(0);
        Webhooks h = hooksTo(server.getAddress().getPort(), 100, 50, 1_000);
        h.offer(new HubEvent.Connected("c-1", "kitchen", "kitchen", "alice", "ws", false, 1_000));
        h.offer(new HubEvent.Published("/a", 7, "kitchen", false, "{\"t\":21}", 1_001));
        h.offer(new HubEvent.Occupied("/a", 1_002));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        for (Received r : received) {
            assertThat(r.signature()).isEqualTo("sha256=" + hmac(r.body()));
            assertThat(json(r.body()).getString("id")).isEqualTo(r.id());
        }
        assertThat(received).extracting(r -> json(r.body()).getString("type"))
                .containsExactly("connected", "published", "occupied");
        JsonObject hello = json(received.get(0).body());
        assertThat(hello.getString("client")).isEqualTo("c-1");
        assertThat(hello.getString("user")).isEqualTo("alice");
        assertThat(hello.getJsonNumber("at").longValue()).isEqualTo(1_000);
        JsonObject pub = json(received.get(1).body());
        assertThat(pub.getJsonObject("data").getInt("t")).isEqualTo(21);
        assertThat(pub.getInt("off")).isEqualTo(7);
        assertThat(received).extracting(Received::id).doesNotHaveDuplicates();
        assertThat(h.delivered()).isEqualTo(3);
        assertThat(h.failures()).isZero();
    }

    @Test
    void aRefusedEventIsTriedAgainWithADoublingWaitAndNothingOvertakesIt() throws Exception {
        server = serve(0);
        refuseNext.set(4);
        Webhooks h = hooksTo(server.getAddress().getPort(), 100, 40, 100);
        long offered = System.nanoTime();
        h.offer(new HubEvent.Occupied("/first", 1));
        h.offer(new HubEvent.Vacated("/first", 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).extracting(r -> json(r.body()).getString("type")).containsExactly("occupied", "vacated");
        assertThat(h.failures()).isEqualTo(4);
        assertThat(attempts.get()).isEqualTo(6);
        // Waits of at least 40, 80, 100 and 100 ms (doubling, capped) came before the first success.
        assertThat(Duration.ofNanos(received.get(0).nanos() - offered)).isGreaterThanOrEqualTo(Duration.ofMillis(320));
    }

    @Test
    void eventsWaitForAReceiverThatIsNotThereYet() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Webhooks h = hooksTo(port, 100, 20, 200);
        h.offer(new HubEvent.Subscribed("/a", "x", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.failures() >= 3);
        assertThat(h.waiting()).isEqualTo(1);

        server = serve(port);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(json(received.get(0).body()).getString("ch")).isEqualTo("/a");
        assertThat(h.waiting()).isZero();
    }

    @Test
    void pastItsCapacityAnEventIsDroppedAndCounted() throws Exception {
        server = serve(0);
        refuseNext.set(Integer.MAX_VALUE);
        Webhooks h = hooksTo(server.getAddress().getPort(), 2, 10_000, 10_000);
        for (int i = 0; i < 5; i++) {
            h.offer(new HubEvent.Occupied("/r" + i, i));
        }
        assertThat(h.dropped()).isEqualTo(3);
        assertThat(h.waiting()).isEqualTo(2);
    }

    @Test
    void withoutASecretEventsGoUnsigned() throws Exception {
        server = serve(0);
        hooks = new Webhooks(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), null, 10, 50, 100,
                5_000, runner, HttpClient.newHttpClient());
        hooks.offer(new HubEvent.Vacated("/a", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.get(0).signature()).isNull();
    }
}
