package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code POST /api/token} with HTTP Basic, as the ITs of a hub with users ask it. */
public final class Tokens {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Tokens() {
    }

    /** The hub's answer, whatever it is. */
    public static HttpResponse<String> request(URL base, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/token")).header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token for the user, which the hub must grant (200). */
    public static String of(URL base, String user, String password) throws Exception {
        HttpResponse<String> r = request(base, user, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.createReader(new StringReader(r.body())).readObject().getString("token");
    }
}
