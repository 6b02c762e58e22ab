package io.switchboard.cli;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** A GET of the hub's HTTP API, with the exit codes of docs/cli.md for what can go wrong. */
final class HttpGet {
    private HttpGet() {
    }

    /**
     * The body of a 2xx answer. A 404 is {@code not_found} with {@code whatIsMissing}; other
     * errors carry the hub's {@code {"error":{"code","message"}}} when it sent one.
     */
    static String get(Switchboard options, String path, String whatIsMissing) {
        URI base = options.httpBase();
        URI uri;
        try {
            uri = URI.create(base.toString().replaceAll("/+$", "") + (path.startsWith("/") ? path : "/" + path));
        } catch (IllegalArgumentException e) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: not a valid path: " + path);
        }
        Duration bound = options.connectTimeout();
        // HTTP/1.1: the hub speaks no h2c, and the JDK's upgrade attempt can leave a Grizzly request hanging.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(bound).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(bound).header("Accept", "application/json").GET();
        if (options.token != null && !options.token.isEmpty()) {
            request.header("Authorization", "Bearer " + options.token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new Exit.Failure(Exit.CANNOT_CONNECT, "switchboard: cannot connect to " + base + ": connect timed out");
        } catch (HttpTimeoutException e) {
            throw new Exit.Failure(Exit.TIMEOUT, "error: timeout: " + uri + " did not answer within " + bound.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new Exit.Failure(Exit.CANNOT_CONNECT, "switchboard: cannot connect to " + base + ": connection refused");
        } catch (IOException e) {
            throw new Exit.Failure(Exit.CANNOT_CONNECT, "switchboard: cannot connect to " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Exit.Failure(Exit.REFUSED, "error: interrupted");
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw failure(uri, status, response.body(), whatIsMissing);
    }

    static Exit.Failure failure(URI uri, int status, String body, String whatIsMissing) {
        String code = status == 404 ? "not_found" : "http_" + status;
        String message = null;
        try {
            if (JsonText.parse(body) instanceof JsonObject o && o.get("error") instanceof JsonObject e) {
                code = e.getString("code", code);
                message = e.getString("message", null);
            }
        } catch (JsonException | ClassCastException notJson) {
            // not the hub's error JSON: say what we know
        }
        if (status == 404 && whatIsMissing != null) {
            message = whatIsMissing + " (GET " + uri + " answered 404)";
        } else if (message == null) {
            message = "GET " + uri + " answered " + status;
        }
        return new Exit.Failure(Exit.REFUSED, "error: " + code + ": " + message);
    }

}
