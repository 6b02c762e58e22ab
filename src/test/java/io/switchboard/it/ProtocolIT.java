package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hub's protocol end to end on one open hub (the WAR as built, no extra config), over a real
 * /ws and HTTP on Payara Micro: pub/sub, devices and browsers, calls and state documents, and the
 * CLI that speaks it. These share one deployment because they need the same hub, so it boots once
 * for all of them; each section uses channels, names and client ids of its own, and the tests
 * read only counters they change themselves.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProtocolIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    // ---- Pub/sub (was PubSubIT) -------------------------------------------------

    /* Pub/sub over a real /ws on Payara Micro: wildcards, inboxes, retained values, history, bad input. */
    private WsClient client(String hello) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        if (hello != null) {
            c.send(hello);
            assertThat(c.next().getString("op")).isEqualTo("welcome");
        }
        return c;
    }

    private static void subscribe(WsClient c, String ch) {
        c.send("{'op':'sub','ch':'" + ch + "','id':'s-" + ch + "'}");
        assertThat(c.nextOp("ok").getString("id")).isEqualTo("s-" + ch);
    }

    private static long publish(WsClient c, String ch, String data) {
        c.send("{'op':'pub','ch':'" + ch + "','data':" + data + ",'id':'p-" + System.nanoTime() + "'}");
        return c.nextOp("ok").getJsonNumber("off").longValue();
    }

    @Test
    void welcomeNamesTheSessionAndTheLimits() {
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            c.send("{'op':'hello','name':'welcome-test','kind':'service'}");
            JsonObject w = c.next();
            assertThat(w.getString("op")).isEqualTo("welcome");
            assertThat(w.getString("name")).isEqualTo("welcome-test");
            assertThat(w.getBoolean("resumed")).isFalse();
            assertThat(w.getString("client")).isNotBlank();
            assertThat(w.getString("session")).isNotBlank();
            assertThat(w.getString("epoch")).isNotBlank();
            assertThat(w.getInt("heartbeat")).isEqualTo(25000);
            JsonObject limits = w.getJsonObject("limits");
            assertThat(limits.getInt("frame")).isEqualTo(65536);
            assertThat(limits.getInt("hardFrame")).isEqualTo(1048576);
            assertThat(limits.getInt("queue")).isEqualTo(10000);
            assertThat(limits.getInt("sessionTtl")).isEqualTo(120000);
            assertThat(limits.getInt("rate")).isEqualTo(1000);
            c.send("{'op':'hello'}");
            JsonObject err = c.nextOp("error");
            assertThat(err.getJsonObject("error").getString("code")).isEqualTo("bad_frame");
        }
    }

    @Test
    void aFirstFrameOtherThanHelloOpensAnAnonymousSession() {
        try (WsClient c = client(null)) {
            c.send("{'op':'ping','id':1}");
            assertThat(c.next().getString("op")).isEqualTo("welcome");
            JsonObject pong = c.next();
            assertThat(pong.getString("op")).isEqualTo("pong");
            assertThat(pong.getInt("id")).isEqualTo(1);
        }
    }

    @Test
    void eachWildcardFormMatchesAsTheProtocolSays() throws Exception {
        try (WsClient pub = client("{'op':'hello'}");
             WsClient one = client("{'op':'hello'}");
             WsClient any = client("{'op':'hello'}");
             WsClient deep = client("{'op':'hello'}");
             WsClient literal = client("{'op':'hello'}")) {
            subscribe(one, "/wc/*");
            subscribe(any, "/wc/**");
            subscribe(deep, "/**/temp");
            subscribe(literal, "/wc/a*b");
            for (String ch : List.of("/wc", "/wc/x", "/wc/x/temp", "/temp", "/wc/a*b", "/wc/axb")) {
                publish(pub, ch, "'" + ch + "'");
            }
            publish(pub, "/wc/end", "'end'");
            assertThat(channelsUntilEnd(one)).containsExactly("/wc/x", "/wc/a*b", "/wc/axb", "/wc/end");
            assertThat(channelsUntilEnd(any)).containsExactly("/wc", "/wc/x", "/wc/x/temp", "/wc/a*b", "/wc/axb", "/wc/end");
            publish(pub, "/x/temp", "'end'");
            assertThat(deep.until(f -> f.getString("op").equals("msg") && f.getString("data").equals("end")).stream()
                    .filter(f -> f.getString("op").equals("msg")).map(f -> f.getString("ch")).collect(Collectors.toList()))
                    .containsExactly("/wc/x/temp", "/temp", "/x/temp");
            JsonObject onlyLiteral = literal.nextOp("msg");
            assertThat(onlyLiteral.getString("ch")).isEqualTo("/wc/a*b");
            assertThat(literal.poll(Duration.ofMillis(300))).isNull();
        }
    }

    private static List<String> channelsUntilEnd(WsClient c) {
        return c.until(f -> f.getString("op").equals("msg") && f.getString("data").equals("end")).stream()
                .filter(f -> f.getString("op").equals("msg")).map(f -> f.getString("ch")).collect(Collectors.toList());
    }

    @Test
    void aSessionGetsOneMessageHoweverManyOfItsSubscriptionsMatch() throws Exception {
        try (WsClient c = client("{'op':'hello'}")) {
            subscribe(c, "/dup/a");
            subscribe(c, "/dup/*");
            subscribe(c, "/dup/**");
            long off = publish(c, "/dup/a", "1");
            JsonObject m = c.nextOp("msg");
            assertThat(m.getJsonNumber("off").longValue()).isEqualTo(off);
            assertThat(m.getInt("seq")).isPositive();
            assertThat(c.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void systemChannelsAreNamedNotMatchedAndClientsCannotPublishThere() throws Exception {
        try (WsClient c = client("{'op':'hello'}")) {
            c.send("{'op':'pub','ch':'/$sys/presence','data':1,'id':'sys'}");
            JsonObject err = c.nextOp("error");
            assertThat(err.getString("id")).isEqualTo("sys");
            assertThat(err.getJsonObject("error").getString("code")).isEqualTo("forbidden");
            assertThat(err.getInt("seq")).isPositive();
            c.send("{'op':'sub','ch':'/$/x','id':'dollar'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("bad_channel");
        }
    }

    @Test
    void inboxesAreNarrowcast() throws Exception {
        try (WsClient alice = client("{'op':'hello','name':'alice-inbox'}");
             WsClient bob = client("{'op':'hello','name':'bob-inbox'}");
             WsClient eve = client("{'op':'hello','name':'eve-inbox'}")) {
            subscribe(eve, "/clients/**");
            subscribe(eve, "/clients/*/note");
            eve.send("{'op':'sub','ch':'/clients/alice-inbox/**','id':'steal'}");
            JsonObject refused = eve.nextOp("error");
            assertThat(refused.getString("id")).isEqualTo("steal");
            assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("forbidden");
            publish(bob, "/clients/alice-inbox/note", "'psst'");
            JsonObject m = alice.nextOp("msg");
            assertThat(m.getString("ch")).isEqualTo("/clients/alice-inbox/note");
            assertThat(m.getString("from")).isEqualTo("bob-inbox");
            publish(bob, "/clients/eve-inbox/note", "'for eve'");
            JsonObject own = eve.nextOp("msg");
            assertThat(own.getString("data")).isEqualTo("for eve");
            assertThat(eve.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void retainedValuesGreetNewSubscribersUntilCleared() throws Exception {
        try (WsClient pub = client("{'op':'hello'}")) {
            publish(pub, "/ret/a", "{'v':1}");
            pub.send("{'op':'pub','ch':'/ret/a','data':{'v':2},'retain':true,'id':'r1'}");
            pub.nextOp("ok");
            publish(pub, "/ret/a", "{'v':3}");
            pub.send("{'op':'pub','ch':'/ret/b','data':'b','retain':true,'id':'r2'}");
            pub.nextOp("ok");
            try (WsClient exact = client("{'op':'hello'}"); WsClient pattern = client("{'op':'hello'}")) {
                subscribe(exact, "/ret/a");
                assertThat(exact.nextOp("msg").getJsonObject("data").getInt("v")).isEqualTo(2);
                subscribe(pattern, "/ret/*");
                JsonObject first = pattern.nextOp("msg");
                JsonObject second = pattern.nextOp("msg");
                assertThat(List.of(first.getString("ch"), second.getString("ch"))).containsExactly("/ret/a", "/ret/b");
            }
            pub.send("{'op':'pub','ch':'/ret/a','data':null,'retain':true,'id':'clear'}");
            pub.nextOp("ok");
            try (WsClient late = client("{'op':'hello'}")) {
                subscribe(late, "/ret/a");
                assertThat(late.poll(Duration.ofMillis(300))).isNull();
            }
        }
    }

    @Test
    void sinceReplaysHistoryInOffsetOrderThenGoesLive() throws Exception {
        try (WsClient pub = client("{'op':'hello'}"); WsClient sub = client("{'op':'hello'}")) {
            long first = publish(pub, "/hist/a", "1");
            long second = publish(pub, "/hist/b", "2");
            long third = publish(pub, "/hist/a", "3");
            sub.send("{'op':'sub','ch':'/hist/*','id':'h','since':" + first + "}");
            JsonObject ok = sub.nextOp("ok");
            assertThat(ok.getJsonNumber("off").longValue()).isGreaterThanOrEqualTo(third);
            assertThat(sub.nextOp("msg").getJsonNumber("off").longValue()).isEqualTo(second);
            assertThat(sub.nextOp("msg").getJsonNumber("off").longValue()).isEqualTo(third);
            long live = publish(pub, "/hist/b", "4");
            assertThat(sub.nextOp("msg").getJsonNumber("off").longValue()).isEqualTo(live);
            assertThat(sub.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void sinceBeyondWhatAChannelStillHoldsStartsWithAGap() {
        try (WsClient pub = client("{'op':'hello'}"); WsClient sub = client("{'op':'hello'}")) {
            long before = publish(pub, "/gap/other", "0");
            long firstOfChannel = 0;
            for (int i = 0; i < 120; i++) {
                long off = publish(pub, "/gap/a", String.valueOf(i));
                firstOfChannel = i == 0 ? off : firstOfChannel;
            }
            sub.send("{'op':'sub','ch':'/gap/a','id':'g','since':" + before + "}");
            sub.nextOp("ok");
            JsonObject gap = sub.next();
            assertThat(gap.getString("op")).isEqualTo("gap");
            assertThat(gap.getString("ch")).isEqualTo("/gap/a");
            assertThat(gap.getJsonNumber("from").longValue()).isEqualTo(before + 1);
            JsonObject firstHeld = sub.next();
            assertThat(firstHeld.getString("op")).isEqualTo("msg");
            assertThat(firstHeld.getInt("data")).isEqualTo(20);
            assertThat(gap.getJsonNumber("to").longValue()).isLessThan(firstHeld.getJsonNumber("off").longValue());
            for (int i = 21; i < 120; i++) {
                assertThat(sub.next().getInt("data")).isEqualTo(i);
            }
        }
    }

    @Test
    void sinceAnotherEpochSaysSoThenReplaysEverythingHeld() {
        try (WsClient pub = client("{'op':'hello'}"); WsClient sub = client("{'op':'hello'}")) {
            publish(pub, "/epoch/a", "'x'");
            sub.send("{'op':'sub','ch':'/epoch/**','id':'e','since':{'off':999999,'epoch':'not-this-one'}}");
            JsonObject ok = sub.nextOp("ok");
            JsonObject gap = sub.next();
            assertThat(gap.getString("op")).isEqualTo("gap");
            assertThat(gap.getString("epoch")).isEqualTo(ok.getString("epoch"));
            assertThat(gap.containsKey("ch")).isFalse();
            assertThat(sub.next().getString("data")).isEqualTo("x");
        }
    }

    @Test
    void aRepeatedPubIdIsAnsweredAgainButRoutedOnce() throws Exception {
        try (WsClient pub = client("{'op':'hello'}"); WsClient sub = client("{'op':'hello'}")) {
            subscribe(sub, "/dedup");
            pub.send("{'op':'pub','ch':'/dedup','data':1,'id':'same'}");
            JsonObject first = pub.nextOp("ok");
            pub.send("{'op':'pub','ch':'/dedup','data':1,'id':'same'}");
            assertThat(pub.nextOp("ok")).isEqualTo(first);
            sub.nextOp("msg");
            assertThat(sub.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void badFramesGetTheNamedErrorAndTheSocketStaysUsable() {
        try (WsClient c = client("{'op':'hello'}")) {
            assertError(c.sendRaw("{not json"), "bad_json", false);
            assertError(c.sendRaw("[1,2]"), "bad_frame", false);
            assertError(c.send("{'op':'warp','id':'u'}"), "unknown_op", true);
            assertError(c.send("{'op':'sub','id':'m'}"), "bad_frame", true);
            assertError(c.send("{'op':'sub','ch':7,'id':'n'}"), "bad_frame", true);
            assertError(c.send("{'op':'sub','ch':'/a b','id':'sp'}"), "bad_channel", true);
            assertError(c.send("{'op':'pub','ch':'/a/**','data':1,'id':'w'}"), "bad_channel", true);
            assertError(c.send("{'op':'pub','ch':'/','data':1,'id':'root'}"), "bad_channel", true);
            assertError(c.send("{'op':'ack','seq':-1}"), "bad_frame", false);
            assertError(c.send("{'op':'ack','seq':99999}"), "bad_frame", false);
            String big = "{\"op\":\"pub\",\"ch\":\"/big\",\"id\":\"big\",\"data\":\"" + "x".repeat(70_000) + "\"}";
            assertError(c.sendRaw(big), "too_large", false);
            c.send("{'op':'ping','id':'still-here'}");
            assertThat(c.nextOp("pong").getString("id")).isEqualTo("still-here");
        }
    }

    private static void assertError(WsClient c, String code, boolean withId) {
        JsonObject e = c.nextOp("error");
        assertThat(e.getJsonObject("error").getString("code")).isEqualTo(code);
        assertThat(e.getJsonObject("error").getString("message")).isNotBlank();
        assertThat(e.containsKey("id")).isEqualTo(withId);
        assertThat(e.containsKey("seq")).isEqualTo(withId);
    }

    @Test
    void aFrameOverTheHardLimitClosesWith1009() {
        try (WsClient c = client("{'op':'hello'}")) {
            c.sendRaw("{\"op\":\"pub\",\"ch\":\"/huge\",\"data\":\"" + "x".repeat(1_100_000) + "\"}");
            assertThat(c.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void aBinaryFrameClosesWith1003() {
        try (WsClient c = client("{'op':'hello'}")) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void floodingIsRateLimitedThenClosedWith1008WhileOthersCarryOn() throws Exception {
        long floodClosesBefore = metric("switchboard_flood_closes");
        try (WsClient flood = client("{'op':'hello'}"); WsClient calm = client("{'op':'hello'}")) {
            subscribe(calm, "/calm");
            for (int i = 0; i < 20_000 && !flood.isClosed(); i++) {
                try {
                    flood.send("{'op':'ping'}");
                } catch (RuntimeException closedUnderUs) {
                    break;
                }
            }
            List<JsonObject> seen = flood.until(f -> "error".equals(f.getString("op"))
                    && "rate_limited".equals(f.getJsonObject("error").getString("code")));
            assertThat(seen).isNotEmpty();
            // The hub closes with 1008, and counts it. Pings the flooder still has in flight then
            // reach a closed socket, and the TCP reset that answers them can beat the close frame
            // to this client, which then reports 1006: the count says what the hub did.
            assertThat(flood.awaitClose()).isIn(1008, 1006);
            assertThat(metric("switchboard_flood_closes")).isEqualTo(floodClosesBefore + 1);
            long off = publish(calm, "/calm", "'fine'");
            assertThat(calm.nextOp("msg").getJsonNumber("off").longValue()).isEqualTo(off);
        }
    }

    @Test
    void byeEndsTheSessionWith1000() {
        try (WsClient c = client("{'op':'hello','client':'bye-client'}")) {
            c.send("{'op':'bye'}");
            assertThat(c.awaitClose()).isEqualTo(1000);
        }
        try (WsClient again = WsClient.connect(Deployments.ws(base, "ws"))) {
            again.send("{'op':'hello','client':'bye-client','resume':{'seq':0}}");
            assertThat(again.next().getBoolean("resumed")).isFalse();
        }
    }

    @Test
    void httpPublishRoutesTheBodyAndAnswersItsOffset() throws Exception {
        try (WsClient sub = client("{'op':'hello'}")) {
            subscribe(sub, "/http/**");
            HttpResponse<String> ok = post("api/publish/http/kitchen?retain=true", "{\"t\":21.5}");
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonObject m = sub.nextOp("msg");
            assertThat(m.getString("ch")).isEqualTo("/http/kitchen");
            assertThat(m.getJsonObject("data").getJsonNumber("t").doubleValue()).isEqualTo(21.5);
            assertThat(ok.body()).isEqualTo("{\"off\":" + m.getJsonNumber("off").longValue() + "}");
        }
        assertHttpError(post("api/publish/http/x", "{oops"), 400, "bad_json");
        assertHttpError(post("api/publish/http/*", "1"), 400, "bad_channel");
        assertHttpError(post("api/publish/$sys/x", "1"), 403, "forbidden");
        assertHttpError(post("api/publish/http/x", "\"" + "y".repeat(70_000) + "\""), 413, "too_large");
    }

    @Test
    void healthMetricsAndOpenApiAreServed() throws Exception {
        HttpResponse<String> ready = get("health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("switchboard-hub").contains("UP");
        HttpResponse<String> metrics = get("metrics");
        assertThat(metrics.body()).contains("switchboard_connections").contains("switchboard_subscriptions")
                .contains("switchboard_frames_in").contains("switchboard_frames_out").contains("switchboard_frames_dropped")
                .contains("switchboard_queue_frames");
        assertThat(get("openapi").body()).contains("/api/publish/");
        assertThat(get("").body()).contains("Switchboard");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI root = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/");
        URI uri = path.startsWith("health") || path.startsWith("metrics") || path.startsWith("openapi")
                ? root.resolve(path) : Deployments.http(base, path);
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private long metric(String name) throws Exception {
        return get("metrics").body().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
    }

    private static void assertHttpError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).contains("\"code\":\"" + code + "\"");
    }

    // ---- Devices (was DevicesIT) ------------------------------------------------

    /* Devices and browsers on an open hub: kinds, view/emit/input, presence, /api/devices, Origin. */
    private static final Map<String, String> BROWSER = Map.of("User-Agent", "Mozilla/5.0 (X11) test");

    private WsClient open(String hello, Map<String, String> headers) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"), headers);
        c.send(hello);
        return c;
    }

    @Test
    void theKindComesFromHelloElseFromTheUserAgent() {
        try (WsClient b = open("{'op':'hello'}", BROWSER); WsClient d = open("{'op':'hello'}", Map.of());
             WsClient s = open("{'op':'hello','kind':'service'}", BROWSER)) {
            assertThat(b.nextOp("welcome").getString("kind")).isEqualTo("browser");
            assertThat(d.nextOp("welcome").getString("kind")).isEqualTo("device");
            assertThat(s.nextOp("welcome").getString("kind")).isEqualTo("service");
            s.send("{'op':'view','device':'x','id':'v'}");
            assertThat(s.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
            s.send("{'op':'emit','data':1,'id':'e'}");
            assertThat(s.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
            b.send("{'op':'emit','data':1,'id':'e'}");
            assertThat(b.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
            d.send("{'op':'view','device':'x','id':'v'}");
            assertThat(d.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
        }
    }

    @Test
    void viewersGetEmitsAndPresenceAndTheDeviceGetsInput() throws Exception {
        try (WsClient presence = open("{'op':'hello','kind':'service'}", Map.of())) {
            presence.nextOp("welcome");
            presence.send("{'op':'sub','ch':'/$sys/presence','id':'p'}");
            presence.nextOp("ok");
            try (WsClient viewer = open("{'op':'hello','name':'watcher-1'}", BROWSER)) {
                String viewerClient = viewer.nextOp("welcome").getString("client");
                viewer.send("{'op':'view','device':'thermo','id':'v'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("v");
                JsonObject viewing = viewer.nextOp("presence");
                assertThat(viewing.getString("event")).isEqualTo("viewing");
                assertThat(viewing.getString("client")).isEqualTo(viewerClient);
                assertThat(viewing.getInt("viewers")).isEqualTo(1);

                WsClient device = open("{'op':'hello','name':'thermo','client':'thermo-1'}", Map.of());
                device.nextOp("welcome");
                JsonObject connected = viewer.nextOp("presence");
                assertThat(connected.getString("event")).isEqualTo("connected");
                assertThat(connected.getString("device")).isEqualTo("thermo");
                assertThat(connected.getString("client")).isEqualTo("thermo-1");
                assertThat(presence.until(m -> "msg".equals(m.getString("op"))
                        && "connected".equals(m.getJsonObject("data").getString("event"))
                        && "thermo".equals(m.getJsonObject("data").getString("device")))).isNotEmpty();

                device.send("{'op':'emit','data':{'t':21.5},'id':'e1'}");
                assertThat(device.nextOp("ok").getString("id")).isEqualTo("e1");
                JsonObject emit = viewer.nextOp("emit");
                assertThat(emit.getString("device")).isEqualTo("thermo");
                assertThat(emit.getJsonObject("data").getJsonNumber("t").doubleValue()).isEqualTo(21.5);
                assertThat(emit.getInt("seq")).isPositive();

                viewer.send("{'op':'input','device':'thermo','data':{'cmd':'reset'},'id':'i1'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("i1");
                JsonObject input = device.nextOp("input");
                assertThat(input.getString("from")).isEqualTo("watcher-1");
                assertThat(input.getJsonObject("data").getString("cmd")).isEqualTo("reset");

                JsonArray devices = Json.createReader(new StringReader(getWithTimeout("api/devices").body())).readArray();
                JsonObject thermo = devices.getValuesAs(JsonObject.class).stream()
                        .filter(o -> o.getString("name").equals("thermo")).findFirst().orElseThrow();
                assertThat(thermo.getString("client")).isEqualTo("thermo-1");
                assertThat(thermo.getBoolean("connected")).isTrue();
                assertThat(thermo.getInt("viewers")).isEqualTo(1);
                assertThat(java.time.Instant.parse(thermo.getString("since"))).isNotNull();

                device.abort();
                JsonObject gone = viewer.nextOp("presence");
                assertThat(gone.getString("event")).isEqualTo("disconnected");
                viewer.send("{'op':'input','device':'thermo','data':'queued','id':'i2'}");
                assertThat(viewer.nextOp("ok").getString("id")).as("queued while the session lives").isEqualTo("i2");
                try (WsClient back = open("{'op':'hello','name':'thermo','client':'thermo-1','resume':{'seq':"
                        + input.getInt("seq") + "}}", Map.of())) {
                    assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                    assertThat(back.nextOp("input").getString("data")).isEqualTo("queued");
                    assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("connected");
                    back.send("{'op':'bye'}");
                    assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("disconnected");
                }
                viewer.send("{'op':'input','device':'thermo','data':'late','id':'i3'}");
                assertThat(viewer.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("device_offline");
                viewer.send("{'op':'view','device':null,'id':'stop'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("stop");
                assertThat(presence.until(m -> "msg".equals(m.getString("op"))
                        && "left".equals(m.getJsonObject("data").getString("event"))
                        && viewerClient.equals(m.getJsonObject("data").getString("client")))).isNotEmpty();
            }
        }
    }

    @Test
    void aSecondLiveSessionClaimingANameIsRefusedWith1008() {
        try (WsClient first = open("{'op':'hello','name':'unique-cam'}", Map.of())) {
            first.nextOp("welcome");
            try (WsClient second = open("{'op':'hello','name':'unique-cam'}", Map.of())) {
                assertThat(second.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("name_taken");
                assertThat(second.awaitClose()).isEqualTo(1008);
            }
        }
    }

    @Test
    void aForeignOriginIsRefusedWhileOwnOriginAndNoOriginPass() {
        String own = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
        try (WsClient none = open("{'op':'ping','id':1}", Map.of()); WsClient same = open("{'op':'ping','id':2}", Map.of("Origin", own))) {
            assertThat(none.nextOp("pong").getInt("id")).isEqualTo(1);
            assertThat(same.nextOp("pong").getInt("id")).isEqualTo(2);
        }
        try {
            WsClient.connect(Deployments.ws(base, "ws"), Map.of("Origin", "http://evil.example"));
            throw new AssertionError("a foreign Origin was let in");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403);
        }
    }

    private HttpResponse<String> getWithTimeout(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- Calls and state (was RpcStateIT) ---------------------------------------

    /* Calls over the hub and state documents, over /ws and HTTP. */
    private WsClient rpcClient(String hello) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        c.send(hello);
        assertThat(c.nextOp("welcome")).isNotNull();
        return c;
    }

    private static void register(WsClient callee, String pattern) {
        callee.send("{'op':'register','ch':'" + pattern + "','id':'reg'}");
        assertThat(callee.nextOp("ok").getString("id")).isEqualTo("reg");
    }

    /** Answers every invoke with {"by": name, "echo": data}, on a thread of its own, until stopped. */
    private static CompletableFuture<Integer> answerAll(WsClient callee, String name, AtomicBoolean running) {
        return CompletableFuture.supplyAsync(() -> {
            int answered = 0;
            try {
                while (running.get()) {
                    JsonObject f = callee.poll(Duration.ofMillis(100));
                    if (f != null && "invoke".equals(f.getString("op"))) {
                        callee.sendRaw(Json.createObjectBuilder().add("op", "yield").add("id", f.getString("id"))
                                .add("data", Json.createObjectBuilder().add("by", name).add("echo", f.get("data"))).build().toString());
                        answered++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answered;
        });
    }

    @Test
    void twentyCallersWithFiftyCallsInFlightEachGetTheirOwnResults() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        try (WsClient a = rpcClient("{'op':'hello','name':'adder-a'}"); WsClient b = rpcClient("{'op':'hello','name':'adder-b'}")) {
            register(a, "/math/**");
            register(b, "/math/**");
            CompletableFuture<Integer> byA = answerAll(a, "a", running);
            CompletableFuture<Integer> byB = answerAll(b, "b", running);
            List<WsClient> callers = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                callers.add(rpcClient("{'op':'hello'}"));
            }
            for (int c = 0; c < 20; c++) {
                for (int i = 0; i < 50; i++) {
                    callers.get(c).send("{'op':'call','ch':'/math/add','data':{'caller':" + c + ",'i':" + i + "},'id':'c" + c + "-" + i + "'}");
                }
            }
            for (int c = 0; c < 20; c++) {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < 50; i++) {
                    JsonObject r = callers.get(c).nextOp("result");
                    JsonObject echo = r.getJsonObject("data").getJsonObject("echo");
                    assertThat(echo.getInt("caller")).isEqualTo(c);
                    assertThat(r.getString("id")).isEqualTo("c" + c + "-" + echo.getInt("i"));
                    ids.add(r.getString("id"));
                }
                assertThat(ids).hasSize(50);
            }
            running.set(false);
            int answeredByA = byA.get(10, TimeUnit.SECONDS);
            int answeredByB = byB.get(10, TimeUnit.SECONDS);
            assertThat(answeredByA + answeredByB).isEqualTo(1000);
            assertThat(answeredByA).as("round robin").isBetween(400, 600);
            callers.forEach(WsClient::close);
        }
    }

    @Test
    void eachFailureOfACallIsToldApart() throws Exception {
        try (WsClient caller = rpcClient("{'op':'hello'}"); WsClient callee = rpcClient("{'op':'hello','client':'failing-callee'}")) {
            caller.send("{'op':'call','ch':'/nobody/home','data':1,'id':'none'}");
            assertErrorCode(caller.nextOp("error"), "none", "no_callee");

            register(callee, "/fails/*");
            caller.send("{'op':'call','ch':'/fails/loudly','data':1,'id':'err'}");
            JsonObject invoke = callee.nextOp("invoke");
            callee.send("{'op':'yield','id':'" + invoke.getString("id") + "','error':{'message':'disk on fire','code':'E42'}}");
            JsonObject err = caller.nextOp("error");
            assertErrorCode(err, "err", "callee_error");
            assertThat(err.getJsonObject("error").getString("message")).contains("disk on fire");

            caller.send("{'op':'call','ch':'/fails/slowly','data':1,'id':'late','timeout':300}");
            JsonObject slow = callee.nextOp("invoke");
            assertErrorCode(caller.nextOp("error"), "late", "timeout");
            callee.send("{'op':'yield','id':'" + slow.getString("id") + "','data':'too late'}");
            assertThat(callee.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("bad_frame");

            caller.send("{'op':'call','ch':'/fails/gone','data':1,'id':'gone'}");
            callee.nextOp("invoke");
            callee.send("{'op':'bye'}");
            assertErrorCode(caller.nextOp("error"), "gone", "callee_gone");
        }
    }

    private static void assertErrorCode(JsonObject e, String id, String code) {
        assertThat(e.getString("id")).isEqualTo(id);
        assertThat(e.getJsonObject("error").getString("code")).isEqualTo(code);
        assertThat(e.getInt("seq")).isPositive();
    }

    @Test
    void aCalleeThatLosesItsSocketMidCallGetsTheInvokeAgainOnResumeAndAnswers() throws Exception {
        try (WsClient caller = rpcClient("{'op':'hello'}")) {
            WsClient callee = rpcClient("{'op':'hello','client':'flaky-callee'}");
            register(callee, "/flaky");
            caller.send("{'op':'call','ch':'/flaky','data':{'q':7},'id':'mid','timeout':20000}");
            JsonObject first = callee.nextOp("invoke");
            callee.abort();
            try (WsClient back = WsClient.connect(Deployments.ws(base, "ws"))) {
                back.send("{'op':'hello','client':'flaky-callee','resume':{'seq':" + (first.getInt("seq") - 1) + "}}");
                assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                JsonObject again = back.nextOp("invoke");
                assertThat(again.getString("id")).isEqualTo(first.getString("id"));
                back.send("{'op':'yield','id':'" + again.getString("id") + "','data':{'answer':49}}");
                JsonObject result = caller.nextOp("result");
                assertThat(result.getString("id")).isEqualTo("mid");
                assertThat(result.getJsonObject("data").getInt("answer")).isEqualTo(49);
                caller.send("{'op':'call','ch':'/flaky','data':{'q':7},'id':'mid'}");
                assertThat(caller.nextOp("result").getString("id")).as("a repeated id is answered again").isEqualTo("mid");
                assertThat(back.poll(Duration.ofMillis(300))).as("and not invoked again").isNull();
            }
        }
    }

    @Test
    void httpCallsAnswerWithTheStatusOfEachOutcome() throws Exception {
        assertHttp(call("nobody/http", "1", ""), 404, "no_callee");
        assertHttp(call("bad/*", "1", ""), 400, "bad_channel");
        assertHttp(call("ok/x", "{nope", ""), 400, "bad_json");
        assertHttp(call("ok/x", "\"" + "z".repeat(70_000) + "\"", ""), 413, "too_large");
        try (WsClient callee = rpcClient("{'op':'hello','client':'http-callee'}")) {
            register(callee, "/http/**");
            CompletableFuture<HttpResponse<String>> ok = callAsync("http/echo", "{\"v\":1}", "");
            JsonObject inv = callee.nextOp("invoke");
            assertThat(inv.getJsonObject("data").getInt("v")).isEqualTo(1);
            callee.send("{'op':'yield','id':'" + inv.getString("id") + "','data':{'v':2}}");
            HttpResponse<String> r = ok.get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"v\":2}");

            CompletableFuture<HttpResponse<String>> nul = callAsync("http/null", "1", "");
            callee.send("{'op':'yield','id':'" + callee.nextOp("invoke").getString("id") + "','data':null}");
            assertThat(nul.get(10, TimeUnit.SECONDS).body()).isEqualTo("null");

            CompletableFuture<HttpResponse<String>> err = callAsync("http/err", "1", "");
            callee.send("{'op':'yield','id':'" + callee.nextOp("invoke").getString("id") + "','error':{'message':'no'}}");
            assertHttp(err.get(10, TimeUnit.SECONDS), 502, "callee_error");

            CompletableFuture<HttpResponse<String>> slow = callAsync("http/slow", "1", "?timeout=300");
            callee.nextOp("invoke");
            assertHttp(slow.get(10, TimeUnit.SECONDS), 504, "timeout");

            CompletableFuture<HttpResponse<String>> gone = callAsync("http/gone", "1", "");
            callee.nextOp("invoke");
            callee.send("{'op':'bye'}");
            assertHttp(gone.get(10, TimeUnit.SECONDS), 502, "callee_gone");
        }
    }

    private HttpResponse<String> call(String ch, String body, String query) throws Exception {
        return callAsync(ch, body, query).get(15, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> callAsync(String ch, String body, String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(Deployments.http(base, "api/call/" + ch + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertHttp(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject e = Json.createReader(new StringReader(r.body())).readObject().getJsonObject("error");
        assertThat(e.getString("code")).isEqualTo(code);
        assertThat(e.getString("message")).isNotBlank();
    }

    @Test
    void concurrentPatchesConvergeAndEveryWatcherSeesTheSameRevisionsInOrder() throws Exception {
        List<WsClient> watchers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            WsClient c = rpcClient("{'op':'hello'}");
            c.send("{'op':'watch','ch':'/state/board','id':'w'}");
            c.nextOp("ok");
            JsonObject snap = c.nextOp("snapshot");
            assertThat(snap.getInt("rev")).isZero();
            assertThat(snap.getJsonObject("data")).isEmpty();
            watchers.add(c);
        }
        List<WsClient> writers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            writers.add(rpcClient("{'op':'hello'}"));
        }
        int perWriter = 25;
        for (int i = 0; i < perWriter; i++) {
            for (int p = 0; p < writers.size(); p++) {
                writers.get(p).send("{'op':'patch','ch':'/state/board','merge':{'w" + p + "':" + i + ",'last':'w" + p + "'},'id':'p" + i + "'}");
            }
        }
        Set<Long> revs = new HashSet<>();
        for (WsClient w : writers) {
            for (int i = 0; i < perWriter; i++) {
                revs.add(w.nextOp("ok").getJsonNumber("rev").longValue());
            }
        }
        int total = writers.size() * perWriter;
        assertThat(revs).hasSize(total).allMatch(r -> r >= 1 && r <= total);
        List<JsonObject> finals = new ArrayList<>();
        List<List<String>> seenOps = new ArrayList<>();
        for (WsClient w : watchers) {
            JsonObject doc = JsonValue.EMPTY_JSON_OBJECT;
            List<String> ops = new ArrayList<>();
            for (int rev = 1; rev <= total; rev++) {
                JsonObject patched = w.nextOp("patched");
                assertThat(patched.getInt("rev")).isEqualTo(rev);
                JsonArray o = patched.getJsonArray("ops");
                ops.add(o.toString());
                doc = Json.createPatch(o).apply(doc);
            }
            finals.add(doc);
            seenOps.add(ops);
        }
        assertThat(finals).allMatch(d -> d.equals(finals.get(0)));
        assertThat(seenOps).allMatch(o -> o.equals(seenOps.get(0)));
        for (int p = 0; p < writers.size(); p++) {
            assertThat(finals.get(0).getInt("w" + p)).isEqualTo(perWriter - 1);
        }
        try (WsClient late = rpcClient("{'op':'hello'}")) {
            late.send("{'op':'watch','ch':'/state/board','id':'late'}");
            JsonObject snap = late.nextOp("snapshot");
            assertThat(snap.getInt("rev")).isEqualTo(total);
            assertThat(snap.getJsonObject("data")).isEqualTo(finals.get(0));
        }
        watchers.forEach(WsClient::close);
        writers.forEach(WsClient::close);
    }

    @Test
    void conflictsAndFailedPatchesChangeNothing() {
        try (WsClient c = rpcClient("{'op':'hello'}")) {
            c.send("{'op':'watch','ch':'/state/cfg','id':'w'}");
            assertThat(c.nextOp("ok").getString("id")).isEqualTo("w");
            c.nextOp("snapshot");
            c.send("{'op':'patch','ch':'/state/cfg','ops':[{'op':'add','path':'/list','value':[1,null,3]}],'base':0,'id':'a'}");
            assertThat(c.nextOp("ok").getInt("rev")).isEqualTo(1);
            JsonObject patched = c.nextOp("patched");
            assertThat(patched.getJsonArray("ops").toString()).contains("[1,null,3]");
            c.send("{'op':'patch','ch':'/state/cfg','merge':{'x':1},'base':0,'id':'stale'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("conflict");
            c.send("{'op':'patch','ch':'/state/cfg','ops':[{'op':'test','path':'/list/0','value':9},{'op':'remove','path':'/list'}],'id':'t'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("patch_failed");
            c.send("{'op':'patch','ch':'/state/cfg','ops':[{'op':'remove','path':'/missing'}],'id':'m'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("patch_failed");
            c.send("{'op':'patch','ch':'/state/cfg','merge':[1],'id':'notobj'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("patch_failed");
            c.send("{'op':'patch','ch':'/notstate/x','merge':{},'id':'where'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("bad_channel");
            c.send("{'op':'patch','ch':'/state/cfg','merge':{},'id':'same'}");
            assertThat(c.nextOp("ok").getInt("rev")).as("an empty change is still a new rev").isEqualTo(2);
            assertThat(c.nextOp("patched").getJsonArray("ops")).isEmpty();
        }
    }

    // ---- The CLI (was CliIT) ----------------------------------------------------

    /* The switchboard CLI end to end: the real runnable jar, as a process, against a real hub. */
    private static final Path JAR = Path.of("cli/target/switchboard.jar");

    private record Run(int exit, String out, String err) {
    }

    private Process start(String... args) throws IOException {
        assertThat(JAR).as("the CLI jar: bin/test builds it (mvn -f cli/pom.xml package)").exists();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString(), "--url", Deployments.ws(base, "ws").toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private Run run(String... args) throws Exception {
        return finish(start(args));
    }

    private static Run finish(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void pubIsRoutedAndPrintsTheOffset() throws Exception {
        try (WsClient sub = WsClient.connect(Deployments.ws(base, "ws"))) {
            sub.send("{'op':'sub','ch':'/cli/pub','id':'s'}");
            sub.nextOp("ok");
            Run r = run("pub", "/cli/pub", "{\"a\":1}");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonObject m = sub.nextOp("msg");
            assertThat(m.getJsonObject("data").getInt("a")).isEqualTo(1);
            assertThat(r.out().trim()).isEqualTo(String.valueOf(m.getJsonNumber("off").longValue()));
        }
    }

    @Test
    void subPrintsEachMessageAsAJsonLine() throws Exception {
        Process sub = start("sub", "/cli/sub/*", "--count", "2");
        try (WsClient probe = WsClient.connect(Deployments.ws(base, "ws"))) {
            // publish until the CLI's subscription is in place and it has seen two messages
            for (int i = 0; sub.isAlive() && i < 200; i++) {
                post("api/publish/cli/sub/x", "{\"i\":" + i + "}");
                sub.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        Run r = finish(sub);
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().trim().split("\n");
        assertThat(lines).hasSize(2);
        JsonObject first = Json.createReader(new StringReader(lines[0])).readObject();
        assertThat(first.getString("ch")).isEqualTo("/cli/sub/x");
        assertThat(first.getJsonObject("data").containsKey("i")).isTrue();
    }

    @Test
    void callPrintsTheResultAndFailuresExitNonZero() throws Exception {
        Run none = run("call", "/cli/nobody", "1");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no_callee");
        try (WsClient callee = WsClient.connect(Deployments.ws(base, "ws"))) {
            callee.send("{'op':'register','ch':'/cli/svc','id':'r'}");
            callee.nextOp("ok");
            Process call = start("call", "/cli/svc", "{\"q\":2}");
            JsonObject invoke = callee.nextOp("invoke");
            callee.send("{'op':'yield','id':'" + invoke.getString("id") + "','data':{'answer':4}}");
            Run r = finish(call);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Json.createReader(new StringReader(r.out().trim())).readObject().getInt("answer")).isEqualTo(4);
        }
        Run unreachable = finish(new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "--url", "ws://127.0.0.1:1/ws",
                "pub", "/x", "1").start());
        assertThat(unreachable.exit()).isEqualTo(3);
    }

    @Test
    void serveAnswersEachCallByRunningTheCommand() throws Exception {
        Process serve = start("serve", "/cli/upper", "--count", "1", "--", "sh", "-c", "tr a-z A-Z");
        HttpResponse<String> r = null;
        for (int i = 0; i < 100 && (r == null || r.statusCode() == 404); i++) {
            r = post("api/call/cli/upper", "\"shout\"");
            if (r.statusCode() == 404) {
                serve.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("\"SHOUT\"");
        assertThat(finish(serve).exit()).isZero();
    }
}
