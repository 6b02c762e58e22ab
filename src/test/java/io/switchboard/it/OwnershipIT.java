package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Private inboxes, session ownership and device grants tried as an attacker would: bob, granted only {@code subscribe:/sensors/**},
 * against alice's sessions and devices. Every takeover is refused, learns nothing and leaves the
 * victim's session alone; devices and listings follow the grants; an inbox stays private while its
 * owner is away.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwnershipIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String SECRET = "an-it-secret-that-is-long-enough-for-hs256";
    private static int tcpPort;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            tcpPort = s.getLocalPort();
        }
        return Deployments.hubWith("switchboard.tcp.port=" + tcpPort,
                "switchboard.auth.users=alice:wonder:ops,bob:builder:viewer",
                "switchboard.auth.secret=" + SECRET,
                "switchboard.auth.role.ops=publish:/**;subscribe:/**;call:/**;register:/**",
                "switchboard.auth.role.viewer=subscribe:/sensors/**",
                "switchboard.auth.tokenTtl=600000");
    }

    private String alice() throws Exception {
        return Tokens.of(base, "alice", "wonder");
    }

    private String bob() throws Exception {
        return Tokens.of(base, "bob", "builder");
    }

    private WsClient hello(String token, String extra) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        c.send("{'op':'hello','token':'" + token + "'" + extra + "}");
        assertThat(c.nextOp("welcome")).isNotNull();
        return c;
    }

    private static String code(JsonObject error) {
        return error.getJsonObject("error").getString("code");
    }

    private HttpResponse<String> poll(String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/poll"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"'))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** Alice's session {@code client}, subscribed to /secret/**, with "top secret" queued for it. */
    private void aliceHasASecretWaiting(String client) throws Exception {
        String t = alice();
        HttpResponse<String> opened = poll(t, "{'frames':[{'op':'hello','client':'" + client
                + "'},{'op':'sub','ch':'/secret/" + client + "','id':'s'}],'wait':0}");
        assertThat(opened.body()).contains("welcome").contains("\"ok\"");
        try (WsClient pub = hello(t, "")) {
            pub.send("{'op':'pub','ch':'/secret/" + client + "','data':'top secret','id':'p'}");
            assertThat(pub.nextOp("ok")).isNotNull();
        }
    }

    @Test
    void aPollNamingAnotherUsersClientIsForbiddenLearnsNothingAndTheOwnerStillGetsItsMessage() throws Exception {
        aliceHasASecretWaiting("alice-poll");
        HttpResponse<String> taken = poll(bob(), "{'client':'alice-poll','ack':0,'frames':[{'op':'pub','ch':'/x',"
                + "'data':'as alice','id':'h'}],'wait':0}");
        assertThat(taken.body()).contains("forbidden").doesNotContain("top secret").doesNotContain("\"ok\"");
        HttpResponse<String> mine = poll(alice(), "{'client':'alice-poll','ack':0,'wait':5}");
        assertThat(mine.body()).contains("top secret");
    }

    @Test
    void aWsHelloNamingAnotherUsersClientIsForbiddenAndTheOwnersSocketStaysOpen() throws Exception {
        String t = alice();
        try (WsClient owner = hello(t, ",'client':'alice-ws'")) {
            owner.send("{'op':'sub','ch':'/secret/ws','id':'s'}");
            assertThat(owner.nextOp("ok")).isNotNull();
            try (WsClient thief = WsClient.connect(Deployments.ws(base, "ws"))) {
                thief.send("{'op':'hello','client':'alice-ws','resume':{'seq':0},'token':'" + bob() + "'}");
                assertThat(code(thief.nextOp("error"))).isEqualTo("forbidden");
                assertThat(thief.awaitClose()).isEqualTo(1008);
            }
            try (WsClient pub = hello(t, "")) {
                pub.send("{'op':'pub','ch':'/secret/ws','data':'still mine','id':'p'}");
                assertThat(pub.nextOp("ok")).isNotNull();
            }
            assertThat(owner.nextOp("msg").getString("data")).isEqualTo("still mine");
            assertThat(owner.isClosed()).isFalse();
        }
    }

    @Test
    void aMuxTopicNamingAnotherUsersClientIsRefused() throws Exception {
        try (WsClient owner = hello(alice(), ",'client':'alice-mux'");
             MuxClient mux = MuxClient.connect(Deployments.ws(base, "mux?access_token=" + bob()), Map.of())) {
            mux.send("sub,/ws").send("msg,/ws,{\"op\":\"hello\",\"client\":\"alice-mux\"}");
            String refused = mux.next("/ws");
            assertThat(refused).contains("forbidden");
            assertThat(mux.next("/ws")).startsWith("uns,/ws,1008,");
            owner.send("{'op':'ping','id':'here'}");
            assertThat(owner.nextOp("pong").getString("id")).isEqualTo("here");
        }
    }

    @Test
    void aTcpHelloNamingAnotherUsersClientIsRefused() throws Exception {
        try (WsClient owner = hello(alice(), ",'client':'alice-tcp'");
             LineClient thief = LineClient.connect(base.getHost(), tcpPort)) {
            thief.send("{\"op\":\"hello\",\"client\":\"alice-tcp\",\"token\":\"" + bob() + "\"}");
            assertThat(code(thief.nextOp("error"))).isEqualTo("forbidden");
            thief.awaitEnd();
            owner.send("{'op':'ping','id':'here'}");
            assertThat(owner.nextOp("pong").getString("id")).isEqualTo("here");
        }
    }

    @Test
    void viewInputAndEmitNeedTheirDeviceGrants() throws Exception {
        try (WsClient cam = hello(alice(), ",'name':'cam','kind':'device'");
             WsClient bobs = hello(bob(), ",'kind':'browser'");
             WsClient bobsDevice = hello(bob(), ",'name':'bobcam','kind':'device'")) {
            bobs.send("{'op':'view','device':'cam','id':'v'}");
            assertThat(code(bobs.nextOp("error"))).isEqualTo("forbidden");
            bobs.send("{'op':'input','device':'cam','data':{'cmd':'reboot'},'id':'i'}");
            assertThat(code(bobs.nextOp("error"))).isEqualTo("forbidden");
            bobsDevice.send("{'op':'emit','data':{'frame':1},'id':'e'}");
            assertThat(code(bobsDevice.nextOp("error"))).isEqualTo("forbidden");
            cam.send("{'op':'ping','id':'no input came first'}");
            assertThat(cam.nextOp("pong").getString("id")).as("the device got no input").isEqualTo("no input came first");
        }
    }

    @Test
    void deviceListsAndDataListingsShowOnlyWhatTheReaderMaySubscribeTo() throws Exception {
        String t = alice();
        try (WsClient cam = hello(t, ",'name':'listed-cam','kind':'device'")) {
            cam.send("{'op':'pub','ch':'/data/secret/x','data':'hidden','retain':true,'id':'r'}");
            assertThat(cam.nextOp("ok")).isNotNull();
            assertThat(get("api/devices", t)).contains("listed-cam");
            assertThat(get("api/devices", bob())).doesNotContain("listed-cam");
            assertThat(get("data/secret/x", t)).contains("hidden");
            HttpResponse<String> hidden = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "data/secret/x"))
                    .header("Authorization", "Bearer " + bob()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(hidden.statusCode()).as("a node bob may not subscribe to is not there for him").isEqualTo(404);
            assertThat(hidden.body()).doesNotContain("hidden");
        }
    }

    private String get(String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aPatternNeverMatchesTheInboxOfANameWithNoLiveSession() throws Exception {
        String t = alice();
        try (WsClient pub = hello(t, "")) {
            pub.send("{'op':'pub','ch':'/clients/ghost/note','data':'for ghost only','retain':true,'id':'r'}");
            assertThat(pub.nextOp("ok")).isNotNull();
            try (WsClient wide = hello(t, ",'name':'wide'")) {
                wide.send("{'op':'sub','ch':'/clients/**','id':'s'}");
                assertThat(wide.nextOp("ok")).isNotNull();
                pub.send("{'op':'pub','ch':'/clients/ghost/note','data':'again','id':'p'}");
                assertThat(pub.nextOp("ok")).isNotNull();
                pub.send("{'op':'pub','ch':'/clients/wide/mine','data':'for wide','id':'q'}");
                assertThat(pub.nextOp("ok")).isNotNull();
                JsonObject first = wide.nextOp("msg");
                assertThat(first.getString("ch")).as("ghost's inbox is skipped").isEqualTo("/clients/wide/mine");
            }
        }
    }

    /** JWT expiry has whole seconds: a token that lives 3 s expires within 2-3 s of now. */
    @Test
    void anIndexAndAChannelSocketCloseWhenTheirTokenExpires() throws Exception {
        String shortLived = new io.switchboard.security.JwtAuthenticator(SECRET.getBytes(StandardCharsets.UTF_8), null,
                3_000, System::currentTimeMillis).issue("alice", Set.of("ops")).token();
        try (WsClient index = WsClient.connect(Deployments.ws(base, "data/?access_token=" + shortLived));
             WsClient channel = WsClient.connect(Deployments.ws(base, "data/open/x?access_token=" + shortLived))) {
            assertThat(index.awaitClose()).isEqualTo(1008);
            assertThat(channel.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void anExpiredTokenOpensNoSocketAndNoPoll() throws Exception {
        var expired = new io.switchboard.security.JwtAuthenticator(SECRET.getBytes(StandardCharsets.UTF_8), null,
                -60_000, System::currentTimeMillis).issue("alice", Set.of("ops"));
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            c.send("{'op':'hello','token':'" + expired.token() + "'}");
            assertThat(code(c.nextOp("error"))).isEqualTo("unauthorized");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
        try (LineClient c = LineClient.connect(base.getHost(), tcpPort)) {
            c.send("{\"op\":\"hello\",\"token\":\"" + expired.token() + "\"}");
            assertThat(code(c.nextOp("error"))).isEqualTo("unauthorized");
            c.awaitEnd();
        }
        assertThat(poll(expired.token(), "{'wait':0}").statusCode()).isEqualTo(401);
        assertThat(WsClient.handshakeStatus(Deployments.ws(base, "data/?access_token=" + expired.token()), Map.of()))
                .isEqualTo(401);
    }
}
