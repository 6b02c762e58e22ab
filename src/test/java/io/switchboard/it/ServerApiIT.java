package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Server API (docs/admin.md) on a hub with users: every call with and without the admin grant,
 * a real socket closed with 4003, and a server-side subscription delivering to a live client.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ServerApiIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.users=root:rootpw:admins,bob:builder:ops,eve:evepw",
                "switchboard.auth.secret=an-it-secret-that-is-long-enough-for-hs256",
                "switchboard.auth.role.admins=admin:/**;publish:/**;subscribe:/**",
                "switchboard.auth.role.ops=publish:/**;subscribe:/**;call:/**;register:/**");
    }

    private String token(String user, String password) throws Exception {
        return Tokens.of(base, user, password);
    }

    private HttpResponse<String> send(String method, String path, String token, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(Deployments.http(base, path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonValue json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readValue();
    }

    private WsClient session(String token, String client) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        c.send("{\"op\":\"hello\",\"token\":\"" + token + "\",\"client\":\"" + client + "\"}");
        assertThat(c.nextOp("welcome").getString("client")).isEqualTo(client);
        return c;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Every call of the API, as method, path and body, on a session that exists. */
    private static List<String[]> calls(String client) {
        return List.of(new String[] {"GET", "api/sessions", null},
                new String[] {"DELETE", "api/sessions/" + client, null},
                new String[] {"DELETE", "api/users/bob/sessions", null},
                new String[] {"POST", "api/sessions/" + client + "/subscriptions", "{\"ch\":\"/a\"}"},
                new String[] {"DELETE", "api/sessions/" + client + "/subscriptions?ch=" + q("/a"), null},
                new String[] {"GET", "api/channels?pattern=" + q("/**"), null});
    }

    @Test
    void everyCallNeedsATokenAndTheAdminGrant() throws Exception {
        String bob = token("bob", "builder");
        String eve = token("eve", "evepw");
        try (WsClient live = session(bob, "guarded-1")) {
            for (String[] call : calls("guarded-1")) {
                String what = call[0] + " " + call[1];
                HttpResponse<String> none = send(call[0], call[1], null, call[2]);
                assertThat(none.statusCode()).as(what + " without a token: " + none.body()).isEqualTo(401);
                assertThat(send(call[0], call[1], "not.a.token", call[2]).statusCode()).as(what).isEqualTo(401);
                HttpResponse<String> ops = send(call[0], call[1], bob, call[2]);
                assertThat(ops.statusCode()).as(what + " with ops' grants: " + ops.body()).isEqualTo(403);
                assertThat(ops.body()).contains("\"forbidden\"", "admin");
                assertThat(send(call[0], call[1], eve, call[2]).statusCode())
                        .as(what + ": the default role has no admin grant").isEqualTo(403);
            }
            live.send("{\"op\":\"ping\",\"id\":\"still\"}");
            assertThat(live.nextOp("pong").getString("id")).as("none of it touched the session").isEqualTo("still");
        }
    }

    @Test
    void sessionsAreListedWithTheirUserTransportAndSubscriptions() throws Exception {
        String root = token("root", "rootpw");
        try (WsClient bob = session(token("bob", "builder"), "listed-1")) {
            bob.send("{\"op\":\"sub\",\"ch\":\"/listed/**\",\"id\":\"s\"}");
            bob.nextOp("ok");
            HttpResponse<String> r = send("GET", "api/sessions", root, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject s = ((JsonArray) json(r)).getValuesAs(JsonObject.class).stream()
                    .filter(o -> o.getString("client").equals("listed-1")).findFirst().orElseThrow();
            assertThat(s.getString("user")).isEqualTo("bob");
            assertThat(s.getString("transport")).isEqualTo("ws");
            assertThat(s.getString("kind")).isEqualTo("device");
            assertThat(s.getBoolean("connected")).isTrue();
            assertThat(Instant.parse(s.getString("since"))).isBefore(Instant.now().plusSeconds(1));
            assertThat(s.getJsonArray("subscriptions").getValuesAs(jakarta.json.JsonString::getString))
                    .containsExactly("/clients/listed-1/**", "/listed/**");
            assertThat(s.getInt("queued")).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aLongPollSessionIsListedAsPollAndCanBeEnded() throws Exception {
        String root = token("root", "rootpw");
        String bob = token("bob", "builder");
        HttpResponse<String> opened = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/poll"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bob)
                .POST(HttpRequest.BodyPublishers.ofString("{\"frames\":[{\"op\":\"hello\",\"client\":\"polled-1\"}],"
                        + "\"wait\":0}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opened.body()).as(opened.body()).contains("welcome");
        JsonObject s = listed(root, "polled-1");
        assertThat(s.getString("transport")).isEqualTo("poll");
        assertThat(s.getString("user")).isEqualTo("bob");

        assertThat(send("DELETE", "api/sessions/polled-1", root, null).statusCode()).isEqualTo(204);
        HttpResponse<String> after = send("GET", "api/sessions", root, null);
        assertThat(after.body()).doesNotContain("\"polled-1\"");
    }

    @Test
    void aMuxTopicIsListedAsMuxAndClosedWith4003WhileItsCarrierStays() throws Exception {
        String root = token("root", "rootpw");
        try (MuxClient mux = MuxClient.connect(Deployments.ws(base, "mux?access_token=" + token("bob", "builder")), Map.of())) {
            mux.send("sub,/ws").send("msg,/ws,{\"op\":\"hello\",\"client\":\"muxed-1\"}");
            assertThat(mux.next("/ws")).contains("\"welcome\"");
            mux.send("sub,/chatrooms/admin-mux/chat%3Fname%3Dbob");
            assertThat(listed(root, "muxed-1").getString("transport")).isEqualTo("mux");

            assertThat(send("DELETE", "api/sessions/muxed-1", root, null).statusCode()).isEqualTo(204);
            assertThat(mux.next("/ws")).isEqualTo("uns,/ws,4003,disconnected by admin");
            mux.send("msg,/chatrooms/admin-mux/chat%3Fname%3Dbob,still here");
            String said = mux.next("/chatrooms/admin-mux/chat%3Fname%3Dbob");
            while (!said.contains("still here") && !said.startsWith("uns,")) {
                said = mux.next("/chatrooms/admin-mux/chat%3Fname%3Dbob"); // a room may greet first
            }
            assertThat(said).as("the carrier and its other topics stay").contains("still here");
        }
    }

    private JsonObject listed(String token, String client) throws Exception {
        HttpResponse<String> r = send("GET", "api/sessions", token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ((JsonArray) json(r)).getValuesAs(JsonObject.class).stream()
                .filter(o -> o.getString("client").equals(client)).findFirst().orElseThrow();
    }

    @Test
    void aDisconnectedSessionGets4003AndIsNotResumable() throws Exception {
        String root = token("root", "rootpw");
        String bobToken = token("bob", "builder");
        WsClient bob = session(bobToken, "doomed-1");
        HttpResponse<String> r = send("DELETE", "api/sessions/doomed-1", root, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(bob.awaitClose()).isEqualTo(4003);
        assertThat(bob.closeReason()).isEqualTo("disconnected by admin");

        assertThat(send("DELETE", "api/sessions/doomed-1", root, null).statusCode()).isEqualTo(404);
        try (WsClient again = WsClient.connect(Deployments.ws(base, "ws"))) {
            again.send("{\"op\":\"hello\",\"token\":\"" + bobToken + "\",\"client\":\"doomed-1\",\"resume\":{\"seq\":1}}");
            assertThat(again.nextOp("welcome").getBoolean("resumed")).isFalse();
        }
    }

    @Test
    void everySessionOfAUserIsDisconnected() throws Exception {
        String root = token("root", "rootpw");
        String bobToken = token("bob", "builder");
        send("DELETE", "api/users/bob/sessions", root, null); // what other tests left
        WsClient one = session(bobToken, "bob-a");
        WsClient two = session(bobToken, "bob-b");
        try (WsClient mine = session(root, "root-a")) {
            HttpResponse<String> r = send("DELETE", "api/users/bob/sessions", root, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(((JsonObject) json(r)).getInt("disconnected")).isEqualTo(2);
            assertThat(one.awaitClose()).isEqualTo(4003);
            assertThat(two.awaitClose()).isEqualTo(4003);
            mine.send("{\"op\":\"ping\",\"id\":\"p\"}");
            assertThat(mine.nextOp("pong")).isNotNull();
        }
    }

    @Test
    void aServerSideSubscriptionDeliversToTheLiveClient() throws Exception {
        String root = token("root", "rootpw");
        try (WsClient bob = session(token("bob", "builder"), "fed-1")) {
            HttpResponse<String> r = send("POST", "api/sessions/fed-1/subscriptions", root, "{\"ch\":\"/fed/**\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(((JsonObject) json(r)).getBoolean("changed")).isTrue();
            JsonObject told = bob.nextOp("subscribed");
            assertThat(told.getString("ch")).isEqualTo("/fed/**");
            assertThat(told.getString("by")).isEqualTo("admin");

            assertThat(send("POST", "api/publish/fed/x", root, "{\"v\":1}").statusCode()).isEqualTo(200);
            JsonObject msg = bob.nextOp("msg");
            assertThat(msg.getString("ch")).isEqualTo("/fed/x");
            assertThat(msg.getJsonObject("data").getInt("v")).isEqualTo(1);

            HttpResponse<String> channels = send("GET", "api/channels?pattern=" + q("/fed/**"), root, null);
            assertThat(channels.statusCode()).as(channels.body()).isEqualTo(200);
            assertThat(channels.body()).contains("{\"ch\":\"/fed/x\",\"pattern\":false,\"subscribers\":1}",
                    "{\"ch\":\"/fed/**\",\"pattern\":true,\"subscribers\":1}");

            HttpResponse<String> off = send("DELETE", "api/sessions/fed-1/subscriptions?ch=" + q("/fed/**"), root, null);
            assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
            assertThat(bob.nextOp("unsubscribed").getString("ch")).isEqualTo("/fed/**");
            send("POST", "api/publish/fed/x", root, "{\"v\":2}");
            bob.send("{\"op\":\"ping\",\"id\":\"after\"}");
            JsonObject next = bob.next();
            assertThat(next.getString("op")).as("no msg after the unsubscribe: " + next).isEqualTo("pong");
        }
    }

    @Test
    void badChannelsAreAnswered400AndUnknownSessions404() throws Exception {
        String root = token("root", "rootpw");
        try (WsClient bob = session(token("bob", "builder"), "bad-1")) {
            assertThat(send("POST", "api/sessions/bad-1/subscriptions", root, "{\"ch\":\"/a b\"}").statusCode()).isEqualTo(400);
            assertThat(send("POST", "api/sessions/bad-1/subscriptions", root, "{\"nope\":1}").statusCode()).isEqualTo(400);
            assertThat(send("DELETE", "api/sessions/bad-1/subscriptions?ch=" + q("/a b"), root, null).statusCode()).isEqualTo(400);
            HttpResponse<String> badPattern = send("GET", "api/channels?pattern=" + q("/a b"), root, null);
            assertThat(badPattern.statusCode()).isEqualTo(400);
            assertThat(badPattern.body()).contains("\"bad_channel\"");
            for (String[] call : calls("nobody-here")) {
                if (call[1].contains("nobody-here")) {
                    assertThat(send(call[0], call[1], root, call[2]).statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
                }
            }
        }
    }
}
