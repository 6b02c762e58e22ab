package io.switchboard.it.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.it.Deployments;
import io.switchboard.it.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hooks on a real hub (docs/hooks.md): an observer bean of the WAR hears a connect, a subscribe, an
 * occupancy and a disconnect; an authorizer bean refuses a channel with {@code forbidden}; and a
 * webhook receiver that answered 503 at first gets every event, signed, once it answers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HooksIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "the-webhook-secret-of-the-it";

    /** The webhook receiver: answers 503 until {@code up}, then keeps what it gets. */
    private static HttpServer receiver;
    private static final AtomicBoolean up = new AtomicBoolean();
    private static final AtomicInteger refused = new AtomicInteger();
    private static final List<String[]> posts = new CopyOnWriteArrayList<>();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        receiver = receiver();
        return Deployments.hubWith("switchboard.hooks.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                        "switchboard.hooks.secret=" + SECRET, "switchboard.hooks.retry=100", "switchboard.hooks.maxRetry=1000")
                .addClasses(RecordingObserver.class, VaultAuthorizer.class, HookEventsServlet.class);
    }

    private static HttpServer receiver() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/hook", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (up.get()) {
                    posts.add(new String[] {ex.getRequestHeaders().getFirst("X-Switchboard-Event-Id"),
                            ex.getRequestHeaders().getFirst("X-Switchboard-Signature"), body});
                    ex.sendResponseHeaders(204, -1);
                } else {
                    refused.incrementAndGet();
                    ex.sendResponseHeaders(503, -1);
                }
                ex.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private List<String> observed() throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "test/hooks")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.isEmpty() ? List.of() : Arrays.asList(body.split("\n"));
    }

    private WsClient hello(String client) {
        WsClient ws = WsClient.connect(Deployments.ws(base, "ws"));
        ws.send("{'op':'hello','client':'" + client + "'}");
        ws.nextOp("welcome");
        return ws;
    }

    @Test
    void theApplicationObservesAConnectASubscribeAnOccupancyAndADisconnect() throws Exception {
        try (WsClient ws = hello("hooks-1")) {
            ws.send("{'op':'sub','ch':'/room/1','id':'s'}");
            assertThat(ws.nextOp("ok").getString("id")).isEqualTo("s");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(observed()).anySatisfy(e ->
                assertThat(e).startsWith("Disconnected[client=hooks-1,").contains("code=1000").contains("ended=true")));
        List<String> mine = observed().stream().filter(e -> e.contains("hooks-1") || e.contains("/room/1")).toList();
        assertThat(mine).hasSize(6);
        assertThat(mine.get(0)).startsWith("Connected[client=hooks-1,").contains("transport=ws").contains("resumed=false");
        assertThat(mine.get(1)).startsWith("Subscribed[ch=/room/1, inbox=hooks-1");
        assertThat(mine.get(2)).startsWith("Occupied[ch=/room/1,");
        assertThat(mine.get(3)).startsWith("Unsubscribed[ch=/room/1, inbox=hooks-1");
        assertThat(mine.get(4)).startsWith("Vacated[ch=/room/1,");
        assertThat(mine.get(5)).startsWith("Disconnected[client=hooks-1,");
        assertThat(HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "test/hooks?of=occupied")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("/room/1");
    }

    @Test
    void theApplicationsAuthorizerRefusesItsChannelAndAName() throws Exception {
        try (WsClient ws = hello("hooks-2")) {
            ws.send("{'op':'sub','ch':'/vault/**','id':'v'}");
            JsonObject refused = ws.nextOp("error");
            assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("forbidden");
            assertThat(refused.getString("id")).isEqualTo("v");
            ws.send("{'op':'sub','ch':'/garden','id':'g'}");
            assertThat(ws.nextOp("ok").getString("id")).isEqualTo("g");
        }
        HttpResponse<String> pub = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish/vault/gold"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pub.statusCode()).isEqualTo(403);

        WsClient banned = WsClient.connect(Deployments.ws(base, "ws"));
        banned.send("{'op':'hello','name':'banned'}");
        assertThat(banned.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
        assertThat(banned.awaitClose()).isEqualTo(1008);
    }

    @Test
    void aWebhookThatWasDownGetsTheEventsSignedOnceItAnswers() throws Exception {
        try (WsClient ws = hello("hooks-3")) {
            ws.send("{'op':'sub','ch':'/hooked','id':'s'}");
            ws.nextOp("ok");
            ws.send("{'op':'pub','ch':'/hooked','data':{'n':3},'id':'p'}");
            ws.until(f -> "ok".equals(f.getString("op", "")) && "p".equals(f.getString("id", "")));
        }
        await().atMost(WAIT).until(() -> refused.get() >= 3); // the hub kept trying while the receiver was down
        up.set(true);

        await().atMost(WAIT).untilAsserted(() -> assertThat(posts).anySatisfy(p ->
                assertThat(json(p[2])).containsEntry("type", Json.createValue("disconnected"))
                        .containsEntry("client", Json.createValue("hooks-3"))));
        for (String[] p : posts) {
            assertThat(p[1]).isEqualTo("sha256=" + hmac(p[2]));
            assertThat(json(p[2]).getString("id")).isEqualTo(p[0]);
        }
        JsonObject published = posts.stream().map(p -> json(p[2]))
                .filter(j -> j.getString("type").equals("published") && j.getString("ch").equals("/hooked"))
                .findFirst().orElseThrow();
        assertThat(published.getJsonObject("data").getInt("n")).isEqualTo(3);
        assertThat(published.getString("from")).isEqualTo("hooks-3");
        assertThat(posts.stream().map(p -> json(p[2])).filter(j -> j.getString("ch", "").equals("/hooked"))
                .map(j -> j.getString("type"))).containsExactly("subscribed", "occupied", "published", "unsubscribed", "vacated");
        assertThat(posts.stream().map(p -> p[0])).as("one POST per event: ids are unique").doesNotHaveDuplicates();
        assertThat(metric("switchboard_hooks_webhooks_failures")).as("every 503 is counted").isGreaterThanOrEqualTo(refused.get());
        assertThat(metric("switchboard_hooks_webhooks_delivered")).isGreaterThanOrEqualTo(posts.size());
        assertThat(metric("switchboard_hooks_webhooks_dropped")).isZero();
        assertThat(metric("switchboard_hooks_events_dropped")).isZero();
    }

    private long metric(String name) throws Exception {
        java.net.URI root = java.net.URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/");
        return HTTP.send(HttpRequest.newBuilder(root.resolve("metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()
                .lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
