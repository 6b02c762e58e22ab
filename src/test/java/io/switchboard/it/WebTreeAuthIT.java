package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The socket tree with auth on: tokens on every form, subscribe and publish grants on /data
 * channels and on the rooms' channels /chatrooms/<room>.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebTreeAuthIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.users=alice:wonder:ops,vic:viewer:viewer",
                "switchboard.auth.secret=an-it-secret-that-is-long-enough-for-hs256",
                "switchboard.auth.role.ops=publish:/**;subscribe:/**",
                "switchboard.auth.role.viewer=subscribe:/data/open/**;subscribe:/chatrooms/lobby");
    }

    private String token(String user, String password) throws Exception {
        return Tokens.of(base, user, password);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(Deployments.http(base, path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void listingsNeedAToken() throws Exception {
        HttpResponse<String> none = get("data", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none.body()).getJsonObject("error").getString("code")).isEqualTo("unauthorized");
        assertThat(get("chatrooms/", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(get("data", token("vic", "viewer")).statusCode()).isEqualTo(200);
        assertThat(get("chatrooms?access_token=" + token("vic", "viewer"), null).statusCode()).isEqualTo(200);
        assertThat(WsClient.handshakeStatus(Deployments.ws(base, "data/"), Map.of())).as("the tree servlet refuses the upgrade").isEqualTo(401);
        assertThat(WsClient.handshakeStatus(Deployments.ws(base, "data/x/y"), Map.of())).isEqualTo(401);
        try (WsClient ws = WsClient.connect(Deployments.ws(base, "data/?access_token=" + token("vic", "viewer")))) {
            assertThat(ws.next().getString("op")).isEqualTo("index");
        }
    }

    private void publishRetained(String channel, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish" + channel + "?retain=true"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static List<String> names(JsonObject listing) {
        return listing.getJsonArray("children").stream().map(v -> v.asJsonObject().getString("name")).toList();
    }

    /** A listing names only what its reader could subscribe to; a hidden node is, to that reader, not there. */
    @Test
    void listingsShowEachReaderOnlyWhatItMaySubscribeTo() throws Exception {
        String alice = token("alice", "wonder");
        String vic = token("vic", "viewer");
        publishRetained("/data/open/a", alice);
        publishRetained("/data/secret/b", alice);
        publishRetained("/data/toplevel", alice);
        try (WsClient lobby = WsClient.connect(Deployments.ws(base, "chatrooms/lobby/chat?access_token=" + alice));
             WsClient locked = WsClient.connect(Deployments.ws(base, "chatrooms/locked/chat?access_token=" + alice))) {
            lobby.sendRaw("here");
            lobby.next();
            locked.sendRaw("here");
            locked.next();
            assertThat(names(json(get("data", alice).body()))).contains("open", "secret", "toplevel");
            assertThat(names(json(get("data", vic).body()))).contains("open").doesNotContain("secret", "toplevel");
            assertThat(names(json(get("chatrooms", alice).body()))).contains("lobby", "locked");
            assertThat(names(json(get("chatrooms", vic).body()))).contains("lobby").doesNotContain("locked");
            assertThat(get("data/secret/", vic).statusCode()).as("a hidden branch is not there").isEqualTo(404);
            assertThat(get("data/secret/", alice).statusCode()).isEqualTo(200);
            assertThat(get("chatrooms/locked", vic).statusCode()).isEqualTo(404);
            try (WsClient ws = WsClient.connect(Deployments.ws(base, "data/?access_token=" + vic))) {
                JsonObject index = ws.next();
                assertThat(names(index)).contains("open").doesNotContain("secret", "toplevel");
            }
            try (WsClient ws = WsClient.connect(Deployments.ws(base, "data/secret/?access_token=" + vic))) {
                assertThat(ws.next().getJsonObject("error").getString("code")).isEqualTo("not_found");
                assertThat(ws.awaitClose()).isEqualTo(1008);
            }
            HttpResponse<String> hidden = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "data/secret/"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + vic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hidden.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void chatNeedsATokenTheSubscribeGrantToJoinAndThePublishGrantToSpeak() throws Exception {
        try (WsClient c = WsClient.connect(Deployments.ws(base, "chatrooms/locked/chat"))) {
            assertThat(c.next().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
        String vic = token("vic", "viewer");
        try (WsClient c = WsClient.connect(Deployments.ws(base, "chatrooms/locked/chat?name=vic"),
                Map.of("Authorization", "Bearer " + vic))) {
            assertThat(c.next().getJsonObject("error").getString("code")).as("no grant on /chatrooms/locked").isEqualTo("forbidden");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
        try (WsClient listener = WsClient.connect(Deployments.ws(base, "chatrooms/lobby/chat?name=vic"),
                Map.of("Authorization", "Bearer " + vic));
             WsClient speaker = WsClient.connect(Deployments.ws(base, "chatrooms/lobby/chat?name=alice&access_token="
                     + token("alice", "wonder")))) {
            listener.sendRaw("may I?");
            assertThat(listener.next().getJsonObject("error").getString("code")).as("vic may listen, not speak").isEqualTo("forbidden");
            speaker.sendRaw("welcome");
            JsonObject heard = listener.next();
            assertThat(heard.getString("from")).isEqualTo("alice");
            assertThat(heard.getString("text")).isEqualTo("welcome");
            assertThat(speaker.next().getString("text")).as("alice hears only her own text").isEqualTo("welcome");
        }
    }

    @Test
    void channelSocketsNeedTheSubscribeGrantAndPublishingThePublishGrant() throws Exception {
        String vic = token("vic", "viewer");
        try (WsClient c = WsClient.connect(Deployments.ws(base, "data/secret/x?access_token=" + vic))) {
            assertThat(c.next().getJsonObject("error").getString("code")).isEqualTo("forbidden");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
        try (WsClient c = WsClient.connect(Deployments.ws(base, "data/open/x?access_token=" + vic))) {
            c.sendRaw("{\"try\":1}");
            assertThat(c.next().getJsonObject("error").getString("code")).isEqualTo("forbidden");
            c.sendRaw("still open?");
            assertThat(c.next().getJsonObject("error").getString("code")).isEqualTo("forbidden");
        }
        try (WsClient c = WsClient.connect(Deployments.ws(base, "data/open/y?access_token=" + token("alice", "wonder")))) {
            c.sendRaw("{\"ok\":true}");
            assertThat(c.next().getBoolean("ok")).isTrue();
        }
        HttpResponse<String> sse = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "data/secret/x"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + vic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sse.statusCode()).isEqualTo(403);
        assertThat(json(sse.body()).getJsonObject("error").getString("code")).isEqualTo("forbidden");
    }
}
