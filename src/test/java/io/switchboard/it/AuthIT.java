package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hub locked down: tokens, roles and their grants, expiry, names bound to users. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.users=alice:wonder:ops,bob:builder:viewer,carl:short:ops",
                "switchboard.auth.secret=an-it-secret-that-is-long-enough-for-hs256",
                "switchboard.auth.role.ops=publish:/**;subscribe:/**;call:/**;register:/**",
                "switchboard.auth.role.viewer=subscribe:/sensors/**;publish:/chat/*",
                "switchboard.auth.tokenTtl=600000");
    }

    private HttpResponse<String> token(String user, String password) throws Exception {
        return Tokens.request(base, user, password);
    }

    private String tokenOf(String user, String password) throws Exception {
        HttpResponse<String> r = token(user, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject t = Json.createReader(new StringReader(r.body())).readObject();
        assertThat(Instant.parse(t.getString("expires"))).isAfter(Instant.now());
        return t.getString("token");
    }

    private WsClient hello(String token, String extra) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        c.send("{'op':'hello','token':'" + token + "'" + extra + "}");
        assertThat(c.nextOp("welcome")).isNotNull();
        return c;
    }

    @Test
    void aWrongPasswordGetsNoTokenAndNoTokenGetsNoSession() throws Exception {
        HttpResponse<String> wrong = token("alice", "nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"unauthorized\"");
        assertThat(token("mallory", "x").statusCode()).isEqualTo(401);
        try (WsClient anon = WsClient.connect(Deployments.ws(base, "ws"))) {
            anon.send("{'op':'hello'}");
            assertThat(anon.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("unauthorized");
            assertThat(anon.awaitClose()).isEqualTo(1008);
        }
        try (WsClient forged = WsClient.connect(Deployments.ws(base, "ws"))) {
            forged.send("{'op':'hello','token':'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.bm9wZQ'}");
            assertThat(forged.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("unauthorized");
            assertThat(forged.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void aTokenOpensASessionInHelloOrAsAccessToken() throws Exception {
        String t = tokenOf("alice", "wonder");
        try (WsClient c = hello(t, "")) {
            c.send("{'op':'sub','ch':'/anything/**','id':'s'}");
            assertThat(c.nextOp("ok").getString("id")).isEqualTo("s");
        }
        try (WsClient q = WsClient.connect(Deployments.ws(base, "ws?access_token=" + t))) {
            q.send("{'op':'ping','id':1}");
            assertThat(q.nextOp("welcome")).isNotNull();
            assertThat(q.nextOp("pong").getInt("id")).isEqualTo(1);
        }
    }

    @Test
    void rolesGrantPatternsAndEverythingElseIsForbidden() throws Exception {
        try (WsClient bob = hello(tokenOf("bob", "builder"), "")) {
            bob.send("{'op':'sub','ch':'/sensors/kitchen/*','id':'ok1'}");
            assertThat(bob.nextOp("ok").getString("id")).isEqualTo("ok1");
            bob.send("{'op':'sub','ch':'/**','id':'wide'}");
            assertForbidden(bob.nextOp("error"), "wide");
            bob.send("{'op':'sub','ch':'/admin/logs','id':'admin'}");
            assertForbidden(bob.nextOp("error"), "admin");
            bob.send("{'op':'pub','ch':'/sensors/kitchen/temp','data':1,'id':'pub'}");
            assertForbidden(bob.nextOp("error"), "pub");
            bob.send("{'op':'pub','ch':'/chat/lobby','data':'hi','id':'chat'}");
            assertThat(bob.nextOp("ok").getString("id")).isEqualTo("chat");
            bob.send("{'op':'call','ch':'/svc/x','data':1,'id':'call'}");
            assertForbidden(bob.nextOp("error"), "call");
            bob.send("{'op':'register','ch':'/svc/*','id':'reg'}");
            assertForbidden(bob.nextOp("error"), "reg");
            bob.send("{'op':'sub','ch':'/clients/bob-inbox/**','id':'own'}");
            assertThat(bob.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
        }
    }

    private static void assertForbidden(JsonObject e, String id) {
        assertThat(e.getString("id")).isEqualTo(id);
        assertThat(e.getJsonObject("error").getString("code")).isEqualTo("forbidden");
    }

    @Test
    void theHttpApiNeedsABearerTokenAndHonoursGrants() throws Exception {
        URI publish = Deployments.http(base, "api/publish/sensors/x");
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(publish).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("unauthorized");
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(publish).header("Authorization", "Bearer " + tokenOf("alice", "wonder"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> denied = HTTP.send(HttpRequest.newBuilder(URI.create(publish + "?access_token=" + tokenOf("bob", "builder")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("forbidden");
        assertThat(HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/devices")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    /** A token minted with the deployment's secret that lives 4 s (JWT expiry has whole seconds): the hub ends the session when it expires. */
    @Test
    void anExpiringTokenEndsItsSessionWithUnauthorizedThen1008AndNoLongerOpensTheApi() throws Exception {
        var shortLived = new io.switchboard.security.JwtAuthenticator(
                "an-it-secret-that-is-long-enough-for-hs256".getBytes(StandardCharsets.UTF_8), null, 4_000,
                System::currentTimeMillis).issue("alice", java.util.Set.of("ops"));
        try (WsClient c = hello(shortLived.token(), "")) {
            c.send("{'op':'ping','id':'alive'}");
            assertThat(c.nextOp("pong").getString("id")).isEqualTo("alive");
            JsonObject e = c.nextOp("error");
            assertThat(e.getJsonObject("error").getString("code")).isEqualTo("unauthorized");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
        assertThat(Instant.now()).isAfter(shortLived.expires());
        HttpResponse<String> late = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish/sensors/x"))
                .header("Authorization", "Bearer " + shortLived.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.body()).contains("unauthorized");
    }

    /**
     * A session warned that its 4 s token is expiring takes a fresh token with refresh and outlives
     * the first one, messages and all; a token of another user is refused and changes nothing.
     */
    @Test
    void anExpiringSessionRefreshesItsTokenWithoutReconnecting() throws Exception {
        var shortLived = new io.switchboard.security.JwtAuthenticator(
                "an-it-secret-that-is-long-enough-for-hs256".getBytes(StandardCharsets.UTF_8), null, 4_000,
                System::currentTimeMillis).issue("alice", java.util.Set.of("ops"));
        try (WsClient c = hello(shortLived.token(), ",'client':'refresher'")) {
            c.send("{'op':'sub','ch':'/sensors/refresh','id':'s'}");
            assertThat(c.nextOp("ok").getString("id")).isEqualTo("s");
            JsonObject warned = c.nextOp("expiring");
            assertThat(warned.getJsonNumber("in").longValue()).isBetween(0L, 4_000L);

            c.send("{'op':'refresh','token':'" + tokenOf("bob", "builder") + "','id':'theirs'}");
            JsonObject refused = c.nextOp("error");
            assertThat(refused.getString("id")).isEqualTo("theirs");
            assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("forbidden");

            c.send("{'op':'refresh','token':'" + tokenOf("alice", "wonder") + "','id':'mine'}");
            JsonObject ok = c.nextOp("ok");
            assertThat(ok.getString("id")).isEqualTo("mine");
            assertThat(ok.getJsonNumber("expires").longValue()).isGreaterThan(Instant.now().plusSeconds(500).toEpochMilli());

            // The cause waited for is the first token's end (and the hub's next check, each second).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Instant.now().isAfter(shortLived.expires().plusSeconds(2)));
            c.send("{'op':'pub','ch':'/sensors/refresh','data':7,'id':'p'}");
            JsonObject msg = c.nextOp("msg");
            assertThat(msg.getInt("data")).isEqualTo(7);
            c.send("{'op':'ping','id':'alive'}");
            assertThat(c.nextOp("pong").getString("id")).isEqualTo("alive");
        }
    }

    @Test
    void aNameBelongsToTheUserWhoClaimedItFirst() throws Exception {
        try (WsClient first = hello(tokenOf("alice", "wonder"), ",'name':'alices-cam'")) {
            first.send("{'op':'bye'}");
            assertThat(first.awaitClose()).isEqualTo(1000);
        }
        try (WsClient other = WsClient.connect(Deployments.ws(base, "ws"))) {
            other.send("{'op':'hello','name':'alices-cam','token':'" + tokenOf("carl", "short") + "'}");
            assertThat(other.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
            assertThat(other.awaitClose()).isEqualTo(1008);
        }
        try (WsClient again = hello(tokenOf("alice", "wonder"), ",'name':'alices-cam'")) {
            again.send("{'op':'ping','id':'back'}");
            assertThat(again.nextOp("pong").getString("id")).isEqualTo("back");
        }
    }
}
