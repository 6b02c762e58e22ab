package io.switchboard.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A {@link Requester} that records what the client part sends, for tests without a hub. */
final class FakeHub implements Requester {
    record Request(String key, JsonObject frame, CompletableFuture<JsonObject> result) {
    }

    final List<Request> requests = new ArrayList<>();
    final List<JsonObject> sent = new ArrayList<>();
    boolean welcomed = true;
    private int ids;

    @Override
    public synchronized CompletableFuture<JsonObject> request(String key, Function<String, String> frame) {
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        requests.add(new Request(key, parse(frame.apply("r" + ++ids)), result));
        return result;
    }

    @Override
    public synchronized boolean sendIfWelcomed(String frame) {
        if (welcomed) {
            sent.add(parse(frame));
        }
        return welcomed;
    }

    synchronized List<String> requestOps() {
        return requests.stream().map(r -> r.frame().getString("op") + " " + r.frame().getString("ch", "")).toList();
    }

    synchronized List<String> sentOps() {
        return sent.stream().map(f -> f.getString("op") + " " + f.getString("id", "")).toList();
    }

    static JsonObject parse(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
