package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /sse with auth on: a token, by header or access_token, and a subscribe grant. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SseAuthIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.users=alice:wonder:ops,bob:builder:viewer",
                "switchboard.auth.secret=an-it-secret-that-is-long-enough-for-hs256",
                "switchboard.auth.role.ops=publish:/**;subscribe:/**",
                "switchboard.auth.role.viewer=subscribe:/sensors/**");
    }

    private String token(String user, String password) throws Exception {
        return Tokens.of(base, user, password);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(Deployments.http(base, path)).header("Accept", "text/event-stream");
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String code(HttpResponse<String> r) {
        return json(r.body()).getJsonObject("error").getString("code");
    }

    @Test
    void withoutAValidTokenAStreamIs401() throws Exception {
        HttpResponse<String> none = get("sse/sensors/*", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(code(none)).isEqualTo("unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> forged = get("sse/sensors/*?access_token=eyJhbGciOiJIUzI1NiJ9.e30.bm9wZQ", Map.of());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(code(forged)).isEqualTo("unauthorized");
    }

    @Test
    void aPatternNotGrantedIs403() throws Exception {
        String bob = token("bob", "builder");
        HttpResponse<String> r = get("sse/**", Map.of("Authorization", "Bearer " + bob));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(code(r)).isEqualTo("forbidden");
        assertThat(get("sse/secret/*?access_token=" + bob, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void aGrantedPatternStreamsByHeaderOrQueryToken() throws Exception {
        String bob = token("bob", "builder");
        String alice = token("alice", "wonder");
        try (SseClient byHeader = SseClient.open(Deployments.http(base, "sse/sensors/*"), Map.of("Authorization", "Bearer " + bob));
             SseClient byQuery = SseClient.open(Deployments.http(base, "sse/sensors/**?access_token=" + bob))) {
            awaitPosition(byHeader);
            awaitPosition(byQuery);
            HttpResponse<String> pub = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish/sensors/door"))
                    .header("Authorization", "Bearer " + alice).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"open\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pub.statusCode()).as(pub.body()).isEqualTo(200);
            assertThat(json(byHeader.nextEvent().data()).getString("ch")).isEqualTo("/sensors/door");
            assertThat(json(byQuery.nextEvent().data()).getJsonObject("data").getBoolean("open")).isTrue();
        }
    }

    private static void awaitPosition(SseClient c) {
        for (SseClient.Event e = c.next(); e.id() == null || e.data() != null; e = c.next()) {
            // the retry hint comes first
        }
    }
}
