package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pub/sub over a real /ws on Payara Micro: wildcards, inboxes, retained values, history, bad input. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PubSubIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

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
}
