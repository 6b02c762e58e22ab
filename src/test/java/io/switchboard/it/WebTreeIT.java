package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The socket tree on a real Payara Micro: chat rooms, the index (GET, SSE, WebSocket), /data channel sockets. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebTreeIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub().addClass(EchoEndpoint.class).addClass(CarrierEndpoint.class);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private WsClient chat(String room, String name) {
        String q = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return WsClient.connect(Deployments.ws(base, "chatrooms/" + room + "/chat" + q));
    }

    /**
     * A socket's join completes on the server after its handshake; its own first text coming back
     * proves it is in the room.
     */
    private WsClient joined(String room, String name) {
        WsClient c = chat(room, name);
        String hello = unique("here");
        c.sendRaw(hello);
        assertThat(c.next().getString("text")).isEqualTo(hello);
        return c;
    }

    @Test
    void twoSocketsInOneRoomTalkAndTheSenderHearsItself() {
        String room = unique("talk");
        try (WsClient ann = joined(room, "ann"); WsClient bob = joined(room, null)) {
            assertThat(ann.next().getString("from")).as("bob's arrival, heard by ann").matches("guest-[0-9]+");
            ann.sendRaw("hello, \"bob\"");
            for (WsClient c : new WsClient[] {ann, bob}) {
                JsonObject m = c.next();
                assertThat(m.getString("from")).isEqualTo("ann");
                assertThat(m.getString("text")).isEqualTo("hello, \"bob\"");
                Instant at = Instant.parse(m.getString("at"));
                assertThat(m.getString("at")).endsWith("Z");
                assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
            }
            bob.sendRaw("hi");
            JsonObject fromBob = ann.next();
            assertThat(fromBob.getString("from")).matches("guest-[0-9]+");
            assertThat(bob.next().getString("from")).isEqualTo(fromBob.getString("from"));
        }
    }

    @Test
    void twoRoomsAreSeparate() {
        try (WsClient a = joined(unique("a"), "a"); WsClient b = joined(unique("b"), "b")) {
            a.sendRaw("only in a");
            assertThat(a.next().getString("text")).isEqualTo("only in a");
            b.sendRaw("only in b");
            assertThat(b.next().getString("text")).as("b hears its own text, not a's").isEqualTo("only in b");
        }
    }

    @Test
    void binaryClosesAChatSocketWith1003() {
        try (WsClient c = chat(unique("bin"), "x")) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.awaitClose()).isEqualTo(1003);
        }
    }

    // ---- the index tree

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonObject getJson(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private long publish(String channel, String json, boolean retain) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish" + channel
                    + (retain ? "?retain=true" : ""))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Json.createReader(new StringReader(r.body())).readObject().getJsonNumber("off").longValue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private WsClient socket(String path) {
        return WsClient.connect(Deployments.ws(base, path.substring(1)));
    }

    private SseClient sse(String path) {
        return SseClient.open(Deployments.http(base, path.substring(1)), Map.of());
    }

    private static List<String> names(JsonArray children) {
        return children.stream().map(v -> v.asJsonObject().getString("name") + ":" + v.asJsonObject().getString("kind")).toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void getSseAndWebSocketListingsAgree() {
        String room = unique("agree");
        String top = unique("agree");
        publish("/data/" + top + "/a", "1", true);
        publish("/data/" + top, "{\"v\":2}", true);
        try (WsClient in = joined(room, "x")) {
            for (String path : List.of("/chatrooms", "/chatrooms/", "/chatrooms/" + room, "/data", "/data/",
                    "/data/" + top + "/", "/data/" + top)) {
                JsonObject got = getJson(path);
                assertThat(got.getString("path")).isEqualTo(path.length() > 1 && path.endsWith("/")
                        ? path.substring(0, path.length() - 1) : path);
                if (!path.equals("/data/" + top)) { // bare channel paths stream the channel over WS and SSE
                    try (WsClient ws = socket(path); SseClient es = sse(path)) {
                        JsonObject frame = ws.next();
                        assertThat(frame.getString("op")).isEqualTo("index");
                        assertThat(names(frame.getJsonArray("children"))).as(path).isEqualTo(names(got.getJsonArray("children")));
                        SseClient.Event first = es.nextEvent();
                        assertThat(first.event()).isEqualTo("index");
                        assertThat(json(first.data())).isEqualTo(got);
                    }
                }
            }
            assertThat(names(getJson("/chatrooms").getJsonArray("children"))).contains(room + ":index");
            assertThat(names(getJson("/chatrooms/" + room).getJsonArray("children"))).containsExactly("chat:socket");
            JsonObject node = getJson("/data/" + top + "/");
            assertThat(names(node.getJsonArray("children"))).containsExactly("a:channel");
            assertThat(node.getJsonObject("retained").getInt("v")).isEqualTo(2);
            assertThat(names(getJson("/data").getJsonArray("children"))).contains(top + ":index");
            assertThat(getJson("/data/" + top + "/a").getInt("retained")).isEqualTo(1);
        }
    }

    @Test
    void roomsComeAndGoLiveOnEveryForm() {
        String room = unique("live");
        try (WsClient rooms = socket("/chatrooms/"); SseClient es = sse("/chatrooms")) {
            assertThat(rooms.next().getString("op")).isEqualTo("index");
            assertThat(es.nextEvent().event()).isEqualTo("index");
            WsClient member = joined(room, "m");
            JsonObject added = rooms.nextOp("added");
            while (!added.getJsonObject("child").getString("name").equals(room)) {
                added = rooms.nextOp("added");
            }
            assertThat(added.getJsonObject("child").getString("path")).isEqualTo("/chatrooms/" + room);
            assertThat(added.getJsonObject("child").getString("kind")).isEqualTo("index");
            SseClient.Event sseAdded = es.nextEvent();
            while (!json(sseAdded.data()).getString("name").equals(room)) {
                sseAdded = es.nextEvent();
            }
            assertThat(sseAdded.event()).isEqualTo("added");
            member.close();
            assertThat(member.awaitClose()).isEqualTo(1000);
            JsonObject removed = rooms.nextOp("removed");
            while (!removed.getJsonObject("child").getString("name").equals(room)) {
                removed = rooms.nextOp("removed");
            }
            SseClient.Event sseRemoved = es.nextEvent();
            while (!(sseRemoved.event().equals("removed") && json(sseRemoved.data()).getString("name").equals(room))) {
                sseRemoved = es.nextEvent();
            }
            assertThat(get("/chatrooms/" + room).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aChannelAppearsLiveWhenFirstPublished() {
        String top = unique("appear");
        try (WsClient data = socket("/data/")) {
            assertThat(data.next().getString("op")).isEqualTo("index");
            publish("/data/" + top + "/x", "true", false);
            JsonObject added = data.nextOp("added");
            while (!added.getJsonObject("child").getString("name").equals(top)) {
                added = data.nextOp("added");
            }
            assertThat(added.getJsonObject("child").getString("kind")).isEqualTo("index");
            assertThat(added.getJsonObject("child").getString("path")).isEqualTo("/data/" + top);
        }
    }

    @Test
    void theOriginCheckCoversEveryTreeSocket() {
        Map<String, String> evil = Map.of("Origin", "http://evil.example");
        for (String path : List.of("data/", "data/some/channel", "chatrooms/x/chat", "chatrooms")) {
            assertThat(WsClient.handshakeStatus(Deployments.ws(base, path), evil)).as(path).isEqualTo(403);
        }
        assertThat(WsClient.handshakeStatus(Deployments.ws(base, "data/"), Map.of())).isEqualTo(101);
    }

    @Test
    void chatTextsAreHeldToTheFrameLimit() {
        try (WsClient c = joined(unique("big"), "big")) {
            c.sendRaw("x".repeat(65537));
            assertThat(c.next().getJsonObject("error").getString("code")).isEqualTo("too_large");
            c.sendRaw("small");
            assertThat(c.next().getString("text")).isEqualTo("small");
        }
    }

    @Test
    void theTreeIsCountedInTheMetrics() throws Exception {
        try (WsClient c = joined(unique("counted"), "c")) {
            java.net.URI metrics = java.net.URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/metrics");
            String body = HTTP.send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).containsPattern("switchboard_chat_rooms\\S* [1-9]")
                    .containsPattern("switchboard_tree_sockets\\S* [1-9]")
                    .contains("switchboard_data_channels");
        }
    }

    @Test
    void unknownNodesAre404() {
        for (String path : List.of("/data/" + unique("none") + "/", "/data/" + unique("none"), "/chatrooms/" + unique("none"))) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r.body()).getJsonObject("error").getString("code")).isEqualTo("not_found");
        }
    }

    @Test
    void anEndpointClassOfTheDeploymentIsANodeWithNoRegistration() {
        assertThat(names(getJson("/data").getJsonArray("children"))).contains("echo:socket");
        try (WsClient echo = socket("/data/echo")) {
            echo.sendRaw("hi");
            assertThat(echo.next().getString("echo")).isEqualTo("hi");
        }
    }

    // ---- /data channel sockets and streams

    @Test
    void aChannelSocketGetsTheRetainedValueFirstThenEachMessage() {
        String ch = "/data/" + unique("sock") + "/v";
        publish(ch, "{\"n\":0}", true);
        try (WsClient s = socket(ch)) {
            assertThat(json(s.nextText()).getInt("n")).isEqualTo(0);
            publish(ch, "{\"n\":1}", false);
            assertThat(json(s.nextText()).getInt("n")).isEqualTo(1);
        }
    }

    @Test
    void textsSentOnAChannelSocketArePublishedJsonOrNot() {
        String ch = "/data/" + unique("pub");
        try (WsClient writer = socket(ch)) {
            writer.sendRaw("{\"a\":[1,2]}");
            assertThat(json(writer.nextText()).getJsonArray("a")).hasSize(2);
            writer.sendRaw("not json at all");
            assertThat(writer.nextText()).isEqualTo("\"not json at all\"");
            writer.sendRaw("42");
            assertThat(writer.nextText()).isEqualTo("42");
            assertThat(getJson(ch).getString("path")).isEqualTo(ch);
        }
    }

    @Test
    void openingAChannelSocketCreatesTheChannel() {
        String top = unique("create");
        String ch = "/data/" + top + "/new";
        try (WsClient s = socket(ch)) {
            s.sendRaw("1");
            assertThat(s.nextText()).isEqualTo("1");
            assertThat(names(getJson("/data/" + top + "/").getJsonArray("children"))).containsExactly("new:channel");
        }
    }

    @Test
    void aChannelStreamsOverSseAndResumesAfterLastEventId() {
        String ch = "/data/" + unique("sse");
        long first = publish(ch, "\"one\"", true);
        String epoch;
        try (SseClient es = sse(ch)) {
            SseClient.Event e = es.nextEvent();
            assertThat(e.event()).isEqualTo("msg");
            assertThat(e.data()).isEqualTo("\"one\"");
            assertThat(e.id()).endsWith(":" + first);
            epoch = e.id().substring(0, e.id().indexOf(':'));
            long second = publish(ch, "{\"two\":2}", false);
            SseClient.Event live = es.nextEvent();
            assertThat(live.id()).isEqualTo(epoch + ":" + second);
            assertThat(json(live.data()).getInt("two")).isEqualTo(2);
        }
        long third = publish(ch, "3", false);
        try (SseClient resumed = SseClient.open(Deployments.http(base, ch.substring(1)), Map.of("Last-Event-ID", epoch + ":" + first))) {
            assertThat(resumed.nextEvent().data()).isEqualTo("{\"two\":2}");
            SseClient.Event e = resumed.nextEvent();
            assertThat(e.id()).isEqualTo(epoch + ":" + third);
            assertThat(e.data()).isEqualTo("3");
        }
    }

    // ---- the socket abstraction: another carrier runs the same endpoints (as /mux will)

    private WsClient carried(String topic) {
        return socket("/data/carrier?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    @Test
    void aCarriedChatTopicTalksWithDirectSockets() {
        String room = unique("carried");
        try (WsClient direct = joined(room, "dee"); WsClient topic = carried("/chatrooms/" + room + "/chat?name=tom")) {
            String hello = unique("hello");
            topic.sendRaw(hello);
            JsonObject own = topic.next();
            assertThat(own.getString("from")).isEqualTo("tom");
            assertThat(own.getString("text")).isEqualTo(hello);
            JsonObject heard = direct.next();
            assertThat(heard.getString("text")).isEqualTo(hello);
            direct.sendRaw("back");
            assertThat(topic.next().getString("from")).isEqualTo("dee");
        }
    }

    @Test
    void theHubProtocolRunsOverACarrierAndUnknownPathsAreNoSockets() {
        try (WsClient hub = carried("/ws")) {
            hub.send("{'op':'hello','kind':'service'}");
            assertThat(hub.next().getString("op")).isEqualTo("welcome");
            hub.send("{'op':'ping','id':'p'}");
            assertThat(hub.nextOp("pong").getString("id")).isEqualTo("p");
        }
        try (WsClient index = carried("/data/")) {
            assertThat(index.next().getString("op")).isEqualTo("index");
        }
        try (WsClient none = carried("/nowhere")) {
            assertThat(none.awaitClose()).isEqualTo(1008);
        }
    }
}
