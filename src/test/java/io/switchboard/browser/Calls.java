package io.switchboard.browser;

import io.switchboard.it.Deployments;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST /api/call/<channel>} with the JDK's HTTP client, as a shell's curl would. */
final class Calls {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final URL base;

    Calls(URL base) {
        this.base = base;
    }

    /** The hub's answer to a call: the HTTP status and the JSON body. */
    record Answer(int status, JsonValue body) {
        JsonObject data() {
            return body.asJsonObject();
        }

        double position() {
            return data().getJsonNumber("position").doubleValue();
        }

        String errorCode() {
            return data().getJsonObject("error").getString("code");
        }

        String errorMessage() {
            return data().getJsonObject("error").getString("message");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Calls {@code channel} with {@code json} (single quotes allowed for readability). */
    Answer call(String channel, String json) {
        HttpRequest request = HttpRequest.newBuilder(Deployments.http(base, "api/call" + channel))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(json.replace('\'', '"')))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonValue body = Json.createReader(new StringReader(response.body())).readValue();
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new AssertionError("POST " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
