package io.switchboard.browser;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A device the test drives itself over the JDK's WebSocket, so that it can check what the device
 * received: it says {@code hello} as {@code kind:"device"}, acks every frame, and keeps every
 * frame it got for the test to look at.
 */
final class BenchDevice implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String name;
    private final String client = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;
    /** The JDK's WebSocket takes one send at a time: each waits for the one before. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private BenchDevice(URI uri, String name) {
        this.name = name;
        this.ws = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).join();
    }

    /** Connects as the device {@code name} and waits for the hub's welcome. */
    static BenchDevice connect(URI uri, String name) {
        BenchDevice device = new BenchDevice(uri, name);
        device.send(Json.createObjectBuilder().add("op", "hello").add("kind", "device")
                .add("client", device.client).add("name", name).build());
        device.await("welcome", f -> "welcome".equals(f.getString("op", "")));
        return device;
    }

    String name() {
        return name;
    }

    /** Publishes {@code view} (JSON, single quotes allowed) as the retained {@code /devices/<name>/view}. */
    void publishView(String view) {
        JsonObject data = json(view);
        send(Json.createObjectBuilder().add("op", "pub").add("ch", "/devices/" + name + "/view")
                .add("retain", true).add("data", data).add("id", "view-" + UUID.randomUUID()).build());
        await("ok for the retained view", f -> "ok".equals(f.getString("op", ""))
                && f.getString("id", "").startsWith("view-"));
    }

    /** Emits {@code data} (JSON, single quotes allowed) to the device's viewers. */
    void emit(String data) {
        send(Json.createObjectBuilder().add("op", "emit").add("data", json(data)).build());
    }

    /** The first frame received that matches, waiting for it. */
    JsonObject await(String what, Predicate<JsonObject> match) {
        return await(what).atMost(WAIT).until(() -> first(match), Optional::isPresent).orElseThrow();
    }

    private org.awaitility.core.ConditionFactory await(String what) {
        return org.awaitility.Awaitility.await(name + " receives " + what + " (got " + received + ")");
    }

    /** The first {@code input} frame received whose data has that {@code id} and {@code value}. */
    JsonObject awaitInput(String id, JsonValue value) {
        return await("input " + id + "=" + value, f -> "input".equals(f.getString("op", ""))
                && f.get("data") instanceof JsonObject d && id.equals(d.getString("id", null))
                && value.equals(d.get("value")));
    }

    List<JsonObject> received() {
        return List.copyOf(received);
    }

    private Optional<JsonObject> first(Predicate<JsonObject> match) {
        return received.stream().filter(match).findFirst();
    }

    /** Ends the session: {@code bye}, then a clean close, and waits for the socket to close. */
    void bye() {
        if (!ws.isOutputClosed()) {
            send(Json.createObjectBuilder().add("op", "bye").build());
            synchronized (this) {
                sending = sending.exceptionally(t -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
            }
        }
        await("its socket closed").atMost(WAIT).until(closed::isDone);
    }

    @Override
    public void close() {
        bye();
    }

    private void send(JsonObject frame) {
        sendText(frame.toString()).join();
    }

    private synchronized CompletableFuture<?> sendText(String text) {
        sending = sending.exceptionally(t -> null).thenCompose(x -> ws.sendText(text, true));
        return sending;
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                for (String line : part.toString().split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonObject frame = json(line);
                    received.add(frame);
                    if (frame.get("seq") instanceof jakarta.json.JsonNumber seq && !socket.isOutputClosed()) {
                        sendText("{\"op\":\"ack\",\"seq\":" + seq.longValue() + "}");
                    }
                }
                part.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete(-1);
        }
    }
}
